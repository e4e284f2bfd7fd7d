import { ConfigError } from '@hub/config';
import { Queues, type QueueName } from './queues';

/** Every queue name of the hub, in declaration order. */
export const allQueues: readonly QueueName[] = Object.values(Queues);

/**
 * The queues a worker consumes, from `WORKER_QUEUES` (`*` or a comma-separated list). An unknown name
 * stops the boot with a {@link ConfigError} naming it: a typo must not leave a queue without consumers.
 */
export function resolveWorkerQueues(setting: string): QueueName[] {
  const wanted = setting
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (wanted.includes('*')) return [...allQueues];
  const unknown = wanted.filter((name) => !(allQueues as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(unknown.map((name) => `WORKER_QUEUES: unknown queue "${name}" (known: ${allQueues.join(', ')})`));
  }
  if (wanted.length === 0) throw new ConfigError(['WORKER_QUEUES: names no queue']);
  return [...new Set(wanted)] as QueueName[];
}
