import { ConfigError } from '@hub/config';
import { Queues } from './queues';
import { allQueues, resolveWorkerQueues } from './worker-queues';

describe('resolveWorkerQueues', () => {
  it('reads * as every queue', () => {
    expect(resolveWorkerQueues('*')).toEqual(allQueues);
    expect(allQueues).toContain(Queues.inbound);
  });

  it('reads a list, trimming spaces and dropping repeats', () => {
    expect(resolveWorkerQueues(` ${Queues.inbound} ,${Queues.inbound}`)).toEqual([Queues.inbound]);
  });

  it('refuses an unknown queue and names it, and only it', () => {
    let error: unknown;
    try {
      resolveWorkerQueues(`${Queues.inbound},fhir-outbound,mailbox`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^WORKER_QUEUES: unknown queue "fhir-outbound"/);
    expect(problems[1]).toMatch(/^WORKER_QUEUES: unknown queue "mailbox"/);
    expect(problems.join()).not.toContain(`"${Queues.inbound}"`);
  });

  it('refuses a list naming no queue', () => {
    expect(() => resolveWorkerQueues(' , ')).toThrow(ConfigError);
  });
});
