// ceiling-stack: the booking's whole path (an api process, Redis, a worker process, PostgreSQL, the answer
// read back) with none of the hub's framework, validation or logging. The hub's statements, queue and job
// options, but node:http and bare `pg` in place of NestJS and TypeORM (bench/lib/stack-api.ts and
// stack-worker.ts). Booking is measured against it to say how much of the gap to ceiling-postgres is the
// hub's own code and how much is the architecture every implementation of it pays: two processes, a queue
// round trip and four database round trips per booking, on cores that PostgreSQL shares.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { seedSql } from './ceiling-sql';
import { migrate, timed } from './ceilings';
import { Queue } from 'bullmq';
import { Queues } from '../../libs/messaging/src/queues';
import { bullConnection } from '../../libs/messaging/src/redis-connection';
import { backendPids, createDatabase, dropDatabase, dropQueueKeys, freePort } from './hub';
import { httpPool, post } from './load';
import { barsHeaders, booking } from './messages';
import { cpuMeter, pidOf } from './procstats';

const ROOT = resolve(__dirname, '../..');

function start(file: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [resolve(ROOT, 'bench/ts.mjs'), resolve(__dirname, file)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.resume();
  return child;
}

function listening(child: ChildProcess): Promise<void> {
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error('stack api did not listen in 30 s')), 30_000);
    child.stdout?.on('data', (c: Buffer) => c.toString().includes('listening') && (clearTimeout(timer), resolveReady()));
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`stack api exited ${code}`))));
  });
}

/**
 * The bare stack on a database of its own seeded with `slots` free slots, shaped like startHub's answer
 * (baseUrl, sql, queue, processes, deaths, stop) so a scenario can run against either.
 */
export async function startStack(cfg: any, registerCleanup: any, slots: number) {
  const tag = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const dbName = `hub_bench_stack_${tag}`;
  const prefix = `bench_stack_${tag}`;
  const children: ChildProcess[] = [];
  const exits: any[] = [];
  const held: { sql?: pg.Pool; queue?: Queue } = {};
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : Promise.resolve())));
    await held.queue?.close().catch(() => undefined);
    await held.sql?.end().catch(() => undefined);
    await dropDatabase(cfg.databaseUrl, dbName).catch(() => undefined);
    await dropQueueKeys(cfg.redisUrl, prefix).catch(() => undefined);
  };
  registerCleanup(stop);
  const url = await createDatabase(cfg.databaseUrl, dbName);
  await migrate(url);
  const sql = (held.sql = new pg.Pool({ connectionString: url, max: 2 }));
  const seeded = await seedSql(sql, slots);
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    TZ: 'UTC',
    DATABASE_URL: url,
    REDIS_URL: cfg.redisUrl,
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    WORKER_CONCURRENCY: String(cfg.workerConcurrency),
    STACK_SERVICE: seeded.service,
    STACK_SCHEDULE: seeded.schedule,
  };
  const watch = (name: string, child: ChildProcess) => {
    children.push(child);
    child.once('exit', (code, signal) => stopping || exits.push({ name, code, signal, at: new Date().toISOString() }));
    return child;
  };
  const api = watch('api', start('stack-api.ts', env));
  await listening(api);
  const worker = watch('worker-1', start('stack-worker.ts', env));
  const queue = (held.queue = new Queue(Queues.inbound, { connection: bullConnection(cfg.redisUrl), prefix }));
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dbName,
    sql,
    queue,
    api: { pid: api.pid! },
    workers: [{ name: 'worker-1', pid: worker.pid! }],
    seeded: { slots },
    deaths: () => exits,
    stop,
  };
}

export async function stackCeiling(cfg: any, registerCleanup: any) {
  const warmup = cfg.warmup * 500;
  const slots = warmup + Math.max(20_000, cfg.duration * 4000);
  const stack = await startStack(cfg, registerCleanup, slots);
  const http = httpPool(stack.baseUrl, cfg.concurrency);
  try {
    let next = 0;
    const bookOne = async () => {
      const i = next++;
      if (i >= slots) throw new Error('ceiling-stack ran out of slots');
      const msg = booking(i, cfg.samePatient);
      const r = await post(http, '/$process-message', barsHeaders(msg.correlationId), msg.body, false);
      if (r.status !== 200) throw new Error(`ceiling-stack answered ${r.status}: ${String(r.text).slice(0, 200)}`);
    };
    if (cfg.warmup > 0) await timed('stack warm-up', cfg.concurrency, cfg.warmup, bookOne);
    const redisPid = pidOf('redis-server');
    const procs: Record<string, number> = { api: stack.api.pid, worker: stack.workers[0].pid };
    const cpu = await cpuMeter(redisPid ? { ...procs, 'redis*': redisPid } : procs, () => backendPids(stack.sql, stack.dbName));
    const self0 = process.cpuUsage();
    const result: any = await timed('ceiling-stack', cfg.concurrency, cfg.duration, bookOne);
    const self = process.cpuUsage(self0);
    result.cpuSeconds = { ...(await cpu.stop()), bench: (self.user + self.system) / 1e6 };
    result.cpuMsPerOk = Object.fromEntries(Object.entries<any>(result.cpuSeconds).map(([k, s]) => [k, (1000 * s) / result.ops]));
    return result;
  } finally {
    await http.close().catch(() => undefined);
    await stack.stop();
  }
}
