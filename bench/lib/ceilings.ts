// What this machine can do at most for the two halves of a booking, measured at the bench's concurrency:
// (a) the BullMQ round trip the api makes (add a job, a separate worker process completes it, one
// QueueEvents connection tells the waiting caller), with a no-op job; (b) the PostgreSQL work of one
// booking, statement for statement as the hub issues it (captured with log_statement=all), via `pg`.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import pg from 'pg';
import { inboundJobOptions } from '../../libs/messaging/src/queues';
import { createDatabase, dropDatabase, dropQueueKeys, QUEUE } from './hub';
import { latencySummary, progress, runSenders } from './load';
import { cpuSeconds } from './procstats';
import { bookingRoundTrips, bookingSql, bookingStatements, seedSql } from './ceiling-sql';

const ROOT = resolve(__dirname, '../..');

/**
 * `op(i)` from `concurrency` senders for `durationS` seconds; a throw counts as an error (the first one is
 * printed). `turn`: one turn of several (--alternate): no progress bar of its own, and the successes'
 * latencies returned as well, for the caller to summarise across turns.
 */
export async function timed(label: any, concurrency: any, durationS: any, op: any, turn = false): Promise<any> {
  const ms: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  const deadline = Date.now() + durationS * 1000;
  const bar = turn
    ? { done: () => undefined }
    : progress(
        label,
        () => (performance.now() - t0) / (durationS * 1000),
        () => `${ms.length} ok ${errors} err`,
      );
  await runSenders(
    concurrency,
    async (i: any) => {
      const s = performance.now();
      try {
        await op(i);
        ms.push(performance.now() - s);
      } catch (error: any) {
        errors++;
        if (errors === 1) process.stderr.write(`\n${label}: ${error.message}\n`);
      }
    },
    () => Date.now() >= deadline,
    durationS * 1000 + 30_000,
  );
  bar.done();
  const seconds = (performance.now() - t0) / 1000;
  return { ops: ms.length, errors, seconds, opsPerS: ms.length / seconds, latencyMs: latencySummary(ms), ...(turn ? { okMs: ms } : {}) };
}

/** (a) BullMQ add → worker process → QueueEvents 'completed', as the api waits for its worker. */
export async function bullmqCeiling(cfg: any, registerCleanup: any) {
  const prefix = `bench_ceil_${process.pid}_${randomBytes(3).toString('hex')}`;
  const env = { PATH: process.env.PATH, REDIS_URL: cfg.redisUrl, QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: String(cfg.workerConcurrency) };
  const children = Array.from({ length: cfg.workers }, () =>
    spawn(process.execPath, [resolve(ROOT, 'bench/ts.mjs'), resolve(__dirname, 'ceiling-worker.ts')], { cwd: ROOT, env, stdio: 'inherit' }),
  );
  const queue = new Queue(QUEUE, { connection: { url: cfg.redisUrl }, prefix });
  const events = new QueueEvents(QUEUE, { connection: { url: cfg.redisUrl, maxRetriesPerRequest: null }, prefix });
  const cleanup = async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.allSettled([queue.close(), events.close()]);
    await dropQueueKeys(cfg.redisUrl, prefix).catch(() => undefined);
  };
  registerCleanup(cleanup);
  try {
    const waiters = new Map();
    events.on('completed', ({ jobId }) => waiters.get(jobId)?.());
    await events.waitUntilReady();
    const deadline = Date.now() + 30_000;
    while ((await queue.getWorkersCount()) < cfg.workers) {
      if (Date.now() > deadline) throw new Error('ceiling workers did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const cpu0 = children.map((c) => cpuSeconds(c.pid));
    const self0 = process.cpuUsage();
    const result = await timed('bullmq ceiling', cfg.concurrency, cfg.duration, async () => {
      const id = randomUUID();
      const done = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => (waiters.delete(id), reject(new Error('no completion in 5 s'))), 5000);
        waiters.set(id, () => (clearTimeout(timer), waiters.delete(id), resolve()));
      });
      await queue.add(
        'appointment.book',
        { inboxId: id, requestId: randomUUID(), correlationId: randomUUID() },
        { jobId: id, ...inboundJobOptions },
      );
      await done;
    });
    const self = process.cpuUsage(self0);
    result.cpuSeconds = {
      producer: (self.user + self.system) / 1e6,
      worker: children.reduce((s, c, i) => s + cpuSeconds(c.pid) - cpu0[i], 0),
    };
    result.cpuMsPerOk = {
      producer: (1000 * result.cpuSeconds.producer) / result.ops,
      worker: (1000 * result.cpuSeconds.worker) / result.ops,
    };
    return result;
  } finally {
    await cleanup();
  }
}

/**
 * The PostgreSQL ceiling's database: migrated, seeded with `slots` free slots, with a pool of one
 * connection per sender; `book(i)` sends slot `i`'s booking statements as the hub's api and worker do.
 */
export async function startPostgresCeiling(cfg: any, registerCleanup: any, slots: number) {
  const dbName = `hub_bench_ceil_${process.pid}_${randomBytes(3).toString('hex')}`;
  const held: { pool?: pg.Pool } = {};
  const stop = async () => {
    await held.pool?.end().catch(() => undefined);
    held.pool = undefined;
    await dropDatabase(cfg.databaseUrl, dbName).catch(() => undefined);
  };
  registerCleanup(stop);
  const url = await createDatabase(cfg.databaseUrl, dbName);
  await migrate(url);
  const pool = (held.pool = new pg.Pool({ connectionString: url, max: cfg.concurrency }));
  pool.on('error', () => undefined); // an idle client dropped at teardown must not crash the bench
  const ids = await seedSql(pool, slots);
  const book = (i: number) => bookingSql(pool, ids, i, cfg.samePatient);
  // Every backend of the database, the one answering this query included: they all do the ceiling's work.
  const backends = async (): Promise<number[]> =>
    (await pool.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [dbName])).rows.map((r: { pid: number }) => r.pid);
  return { pool, dbName, book, backends, stop };
}

/** (b) The booking's statements: inbox insert (api), then the worker's transaction, on free slots. */
export async function postgresCeiling(cfg: any, registerCleanup: any) {
  const slots = Math.max(20_000, cfg.duration * 4000);
  const ceiling = await startPostgresCeiling(cfg, registerCleanup, slots);
  try {
    let next = 0;
    await Promise.all(Array.from({ length: cfg.concurrency }, () => ceiling.pool.query('SELECT 1'))); // open every connection first
    const pg0 = new Map<number, number>((await ceiling.backends()).map((pid: any) => [pid, cpuSeconds(pid)]));
    const self0 = process.cpuUsage();
    const result = await timed('postgres ceiling', cfg.concurrency, cfg.duration, async () => {
      const i = next++;
      if (i >= slots) throw new Error('ceiling ran out of slots');
      await ceiling.book(i);
    });
    const self = process.cpuUsage(self0);
    const pgSeconds = (await ceiling.backends()).reduce(
      (sum: any, pid: any) => sum + cpuSeconds(pid) - (pg0.get(pid) ?? cpuSeconds(pid)),
      0,
    );
    // The client side includes building each message from the template, as the api's inbox insert needs its body.
    result.cpuSeconds = { client: (self.user + self.system) / 1e6, postgres: pgSeconds };
    result.cpuMsPerOk = { client: (1000 * result.cpuSeconds.client) / result.ops, postgres: (1000 * pgSeconds) / result.ops };
    result.statementsPerBooking = bookingStatements;
    result.roundTripsPerBooking = bookingRoundTrips;
    return result;
  } finally {
    await ceiling.stop();
  }
}

export function migrate(url: any) {
  return new Promise<any>((resolve, reject) => {
    const env = { PATH: process.env.PATH, DATABASE_URL: url, LOG_LEVEL: 'warn' };
    const child = spawn(process.execPath, ['dist/apps/api/main.js', 'migrate'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.once('exit', (code) => (code === 0 ? resolve(undefined) : reject(new Error(`migrate exited ${code}: ${err}`))));
  });
}
