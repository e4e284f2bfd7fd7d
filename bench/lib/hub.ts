// A hub as production runs it: `node dist/apps/api/main.js` and N `node dist/apps/worker/main.js`, each a
// process of its own, on a database and a queue prefix of the bench's own, torn down even on failure.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Queues } from '../../libs/messaging/src/queues';
import Redis from 'ioredis';
import pg from 'pg';
import { deleteKeysUnder } from '../../test/support/queue-keys';

const ROOT = resolve(__dirname, '../..');
const EXIT_HOOK = resolve(__dirname, 'exit-on-signal.mjs');
export const ADMIN_TOKEN = 'bench-admin-token-0123456789';
/** The hub's inbound queue, by the hub's own name for it. */
export const QUEUE = Queues.inbound;

export function withDatabase(url: any, name: any) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createDatabase(adminUrl: any, name: any) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  return withDatabase(adminUrl, name);
}

export async function dropDatabase(adminUrl: any, name: any) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/** Deletes every key under `prefix:` (bounded: SCAN until the cursor wraps). */
export async function dropQueueKeys(url: any, prefix: any) {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

export function freePort() {
  return new Promise<any>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** `node [--cpu-prof …] <script>`, its output kept (bounded) for the error message of a failed start. */
function startNode(script: any, env: any, profileDir: any, name: any, root = ROOT) {
  const flags = profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`, '--import', EXIT_HOOK]
    : [];
  const child = spawn(process.execPath, [...flags, script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (chunk: any) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let stopping = false;
  let died: any;
  const exited = new Promise<any>((resolve) => child.once('exit', resolve));
  child.once('exit', (code, signal) => {
    if (!stopping) died = { name, code, signal, at: new Date().toISOString(), output: out.slice(-2000) };
  });
  return {
    name,
    pid: child.pid,
    output: () => out,
    /** Set when the process exited without being asked to: the run's figures are then not valid. */
    died: () => died,
    alive: () => child.exitCode === null && child.signalCode === null,
    /** SIGTERM (running jobs finish, profiles are written), SIGKILL after `graceMs`. */
    stop: async (graceMs = 15_000) => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function until(what: any, check: any, timeoutMs: any, proc: any) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc && !proc.alive()) throw new Error(`${proc.name} exited while waiting for ${what}:\n${proc.output()}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${proc ? `:\n${proc.output()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts api + workers on a fresh `hub_bench_*` database (`opts.root`: from another checkout's `dist/`). `stop()` ends the processes (SIGTERM, so CPU
 * profiles get written) and removes the database and every Redis key of the run; it is safe to call twice.
 */
export async function startHub(opts: any) {
  const tag = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const dbName = `hub_bench_${tag}`;
  const prefix = `bench_${tag}`;
  const port = await freePort();
  const state: any = { procs: [], queue: undefined, sql: undefined, stopped: false, dbCreated: false };
  const stop = async () => {
    if (state.stopped) return;
    state.stopped = true;
    await Promise.allSettled(state.procs.map((p: any) => p.stop()));
    await state.queue?.close().catch(() => undefined);
    await state.sql?.end().catch(() => undefined);
    if (state.dbCreated) await dropDatabase(opts.databaseUrl, dbName).catch((e) => process.stderr.write(`drop ${dbName}: ${e.message}\n`));
    await dropQueueKeys(opts.redisUrl, prefix).catch((e) => process.stderr.write(`redis cleanup ${prefix}: ${e.message}\n`));
  };
  opts.registerCleanup?.(stop);
  try {
    const databaseUrl = await createDatabase(opts.databaseUrl, dbName);
    state.dbCreated = true;
    const env = {
      PATH: process.env.PATH,
      TZ: 'UTC',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: opts.redisUrl,
      QUEUE_PREFIX: prefix,
      ADMIN_TOKEN,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      WORKER_CONCURRENCY: String(opts.workerConcurrency),
      ...opts.env,
    };
    if (opts.profileDir) mkdirSync(opts.profileDir, { recursive: true });
    const api = startNode('dist/apps/api/main.js', env, opts.profileDir, 'api', opts.root);
    state.procs.push(api);
    const baseUrl = `http://127.0.0.1:${port}`;
    await until('the api to listen', async () => (await fetch(`${baseUrl}/admin/availability`)).status > 0, 60_000, api);
    const workers: any[] = [];
    for (let i = 0; i < opts.workers; i++) {
      // WORKER_HTTP_PORT 0: each worker's health/metrics server on a free port, not all on 3001.
      const workerEnv = { ...env, MIGRATIONS_RUN: 'false', WORKER_HTTP_PORT: '0' };
      const w = startNode('dist/apps/worker/main.js', workerEnv, opts.profileDir, `worker-${i + 1}`, opts.root);
      state.procs.push(w);
      workers.push(w);
    }
    state.queue = new Queue(QUEUE, { connection: { url: opts.redisUrl }, prefix });
    await until(
      `${opts.workers} worker(s) to consume`,
      async () => (await state.queue.getWorkersCount()) >= opts.workers,
      60_000,
      workers[0],
    );
    state.sql = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    state.sql.on('error', () => undefined); // idle clients end when the database is dropped
    const deaths = () => state.procs.map((p: any) => p.died()).filter(Boolean);
    return { baseUrl, databaseUrl, dbName, prefix, api, workers, queue: state.queue, sql: state.sql, deaths, stop };
  } catch (error: any) {
    await stop();
    throw error;
  }
}

/** PIDs of the PostgreSQL backends connected to `dbName`. */
export async function backendPids(sql: any, dbName: any) {
  const { rows } = await sql.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
  return rows.map((r: any) => r.pid);
}
