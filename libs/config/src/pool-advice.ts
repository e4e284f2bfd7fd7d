import type { HubConfig } from './hub-config';

/**
 * Every inbound job holds a database connection for its whole transaction, and the redrive sweep and the
 * pointer bookkeeping need one more now and then. A pool smaller than that makes jobs queue inside
 * pg-pool, and one that waits longer than the connection timeout (5 s) fails and is retried: slow, then
 * noisy, under exactly the load that needs the concurrency. Found in benchmarking (docs/benchmarks.md).
 */
export function workerPoolAdvice(
  config: Pick<HubConfig, 'DATABASE_POOL_SIZE' | 'WORKER_CONCURRENCY'>,
  consumesInbound: boolean,
): string | undefined {
  const needed = config.WORKER_CONCURRENCY + 2;
  if (!consumesInbound || config.DATABASE_POOL_SIZE >= needed) return undefined;
  return (
    `DATABASE_POOL_SIZE ${config.DATABASE_POOL_SIZE} is smaller than WORKER_CONCURRENCY + 2 (${needed}): ` +
    `jobs will wait for database connections, and one that waits over 5 s fails and is retried. ` +
    `Set DATABASE_POOL_SIZE=${needed} or more for this worker.`
  );
}
