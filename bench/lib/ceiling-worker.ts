// The no-op side of the BullMQ ceiling, run as its own process like the hub's worker: a Worker on the same
// queue name and prefix that answers each job at once with a result shaped like the hub's (ids only).
import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import { Queues, type InboundResult } from '../../libs/messaging/src/queues';
import { bullConnection } from '../../libs/messaging/src/redis-connection';

const { REDIS_URL, QUEUE_PREFIX, WORKER_CONCURRENCY } = process.env;
const worker = new Worker(
  Queues.inbound,
  (): Promise<InboundResult> =>
    Promise.resolve({
      status: 200,
      ids: { 'urn:uuid:a': randomUUID(), 'urn:uuid:s': randomUUID(), 'urn:uuid:p': randomUUID() },
      appointmentId: randomUUID(),
      created: new Date().toISOString(),
    }),
  { connection: bullConnection(REDIS_URL ?? ''), prefix: QUEUE_PREFIX, concurrency: Number(WORKER_CONCURRENCY) },
);
worker.on('error', (e: Error) => process.stderr.write(`ceiling worker: ${e.message}\n`));
const stop = () => void worker.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
