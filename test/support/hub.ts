import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { Client, Pool } from 'pg';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApi, httpsOptions } from '../../apps/api/src/configure-api';
import { HubConfig, validateEnv } from '@hub/config';
import { closeAtSuiteEnd } from './cleanup';
import { distMain } from './paths';
import { startNode, type RunningProcess } from './processes';
import { deleteKeysUnder } from './queue-keys';

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

/** The environment of the test process; every hub's settings start from it. */
const BASE_ENV = { ...process.env };

/** The worker's last boot line, once it consumes and serves its probes. */
const WORKER_READY = /health and metrics on port (\d+)/;

/** The port of a worker's health and metrics server, read from its boot line. */
export function workerPort(worker: RunningProcess): number {
  const match = WORKER_READY.exec(worker.output());
  if (!match) throw new Error('the worker has not announced its port');
  return Number(match[1]);
}

export interface Hub {
  baseUrl: string;
  /** Direct SQL on the hub's database, for asserting stored state. */
  sql: Pool;
  api: INestApplication;
  workers: RunningProcess[];
  env: NodeJS.ProcessEnv;
  /** Starts one more worker process; `env` overrides settings for it alone. */
  startWorker: (env?: NodeJS.ProcessEnv) => Promise<RunningProcess>;
  stop: () => Promise<void>;
}

export interface HubOptions {
  workers?: number;
  replyTimeoutMs?: number;
  workerConcurrency?: number;
  /** Further settings for the api and every worker (e.g. `NRL_BASE_URL`). */
  env?: Record<string, string>;
  /** How the api and workers reach the database (e.g. through a test's TCP proxy); the harness's `sql` goes direct. */
  databaseUrl?: (direct: string) => string;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A hub as production runs it, on a database and a queue prefix of its own: the api in this process
 * (so tests can reach into it) and the built worker as separate processes, over real PostgreSQL and Redis.
 */
export async function startHub(opts: HubOptions = {}): Promise<Hub> {
  const tag = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const adminUrl = process.env.TEST_DATABASE_URL as string;
  const dbName = `hub_e2e_${tag}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();

  // Everything below is stopped by `stop`, registered now so that a start-up that fails half-way, or a
  // suite that never reaches its afterAll, still closes what was opened (see cleanup.ts).
  const opened: { api?: INestApplication; sql?: Pool; redisUrl?: string; queuePrefix?: string } = {};
  const workers: RunningProcess[] = [];
  const stop = closeAtSuiteEnd(`hub ${dbName}`, async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await opened.api?.close();
    await opened.sql?.end();
    const cleanup = new Client({ connectionString: adminUrl });
    await cleanup.connect();
    await waitUntilUnused(cleanup, dbName);
    await cleanup.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await cleanup.end();
    if (opened.redisUrl && opened.queuePrefix) await dropQueueKeys(opened.redisUrl, opened.queuePrefix);
  });

  const env: NodeJS.ProcessEnv = {
    ...BASE_ENV,
    DATABASE_URL: (opts.databaseUrl ?? ((u: string) => u))(withDatabase(adminUrl, dbName)),
    REDIS_URL: process.env.TEST_REDIS_URL,
    QUEUE_PREFIX: `e2e_${tag}`,
    ADMIN_TOKEN,
    PORT: '0',
    REPLY_TIMEOUT_MS: String(opts.replyTimeoutMs ?? 4000),
    WORKER_CONCURRENCY: String(opts.workerConcurrency ?? 8),
    WORKER_HTTP_PORT: '0',
    DATABASE_POOL_SIZE: '10',
    MIGRATIONS_RUN: 'true',
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  // The api under test gets its settings as the worker processes do, from `env`: process.env is left alone.
  const config = validateEnv(env);
  const module = await Test.createTestingModule({ imports: [ApiModule] })
    .overrideProvider(HubConfig)
    .useValue(config)
    .compile();
  const api = module.createNestApplication({ bodyParser: false, logger: ['error', 'warn'], httpsOptions: httpsOptions(config) });
  opened.api = api;
  opened.redisUrl = env.REDIS_URL;
  opened.queuePrefix = env.QUEUE_PREFIX;
  await configureApi(api);
  await api.listen(0, '127.0.0.1');
  const baseUrl = (await api.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');

  const startWorker = async (extra: NodeJS.ProcessEnv = {}): Promise<RunningProcess> => {
    const w = await startNode(distMain('worker'), {
      env: { ...env, MIGRATIONS_RUN: 'false', LOG_LEVEL: 'log', ...extra },
      ready: WORKER_READY,
    });
    workers.push(w);
    return w;
  };
  for (let i = 0; i < (opts.workers ?? 1); i++) await startWorker();
  const sql = new Pool({ connectionString: withDatabase(adminUrl, dbName), max: 4, application_name: 'e2e-harness' });
  // An idle client dropped by the server must not crash the test process.
  sql.on('error', () => undefined);
  opened.sql = sql;

  return {
    baseUrl,
    sql,
    api,
    workers,
    env,
    startWorker,
    stop,
  };
}

/** Waits (up to 5 s) for every connection to the test database to close, naming any that stay open. */
async function waitUntilUnused(admin: Client, dbName: string): Promise<void> {
  let rows: Array<{ application_name: string; state: string }> = [];
  for (let i = 0; i < 50; i++) {
    rows = (await admin.query('SELECT application_name, state FROM pg_stat_activity WHERE datname = $1', [dbName])).rows;
    if (rows.length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  process.stderr.write(`connections still open to ${dbName} at teardown: ${JSON.stringify(rows)}\n`);
}

async function dropQueueKeys(url: string, prefix: string): Promise<void> {
  // A cluster of a test's own (test/support/redis-cluster.ts) is torn down whole by that test.
  if (url.includes('+cluster://')) return;
  const redis = new Redis(url);
  await deleteKeysUnder(redis, prefix);
  redis.disconnect();
}
