// The worker side of ceiling-stack, run as its own process: a BullMQ Worker on the hub's queue running the
// booking's transaction as the hub's worker sends it (ceiling-sql.ts transactionSql), answering ids only.
import { Worker } from 'bullmq';
import pg from 'pg';
import { Queues } from '../../libs/messaging/src/queues';
import { bullConnection } from '../../libs/messaging/src/redis-connection';
import { transactionSql, type Written } from './ceiling-sql';

const { DATABASE_URL, REDIS_URL, QUEUE_PREFIX, WORKER_CONCURRENCY, STACK_SERVICE, STACK_SCHEDULE } = process.env;
const concurrency = Number(WORKER_CONCURRENCY);
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: concurrency + 2 });
const seeded = { service: STACK_SERVICE ?? '', schedule: STACK_SCHEDULE ?? '' };
const worker = new Worker<{ inboxId: string }, Written>(Queues.inbound, (job) => transactionSql(pool, seeded, job.data.inboxId), {
  connection: bullConnection(REDIS_URL ?? ''),
  prefix: QUEUE_PREFIX,
  concurrency,
});
worker.on('error', (e: Error) => process.stderr.write(`stack worker: ${e.message}\n`));
worker.on('failed', (_job, e: Error) => process.stderr.write(`stack worker job: ${e.message}\n`));
const stop = () => void worker.close().finally(() => void pool.end().finally(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
