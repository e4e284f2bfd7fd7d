import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions, runMigrations } from '@hub/persistence';
import { bookingRoundTrips, bookingSql, seedSql } from '../bench/lib/ceiling-sql';
import { runAlternate } from '../bench/lib/alternate';
import { stackCeiling } from '../bench/lib/stack-ceiling';
import { startRoundTripCounter, type RoundTripCounter } from './support/pg-round-trips';

/**
 * The bench's PostgreSQL ceiling issues the hub's own statements (bench/lib/ceiling-sql.ts). A statement
 * whose parameters change in the hub must change here too, or the ceiling measures nothing: on main it
 * once failed every booking (ACCEPT had gained a parameter) and printed 0 ops/s. This books through it.
 */
describe('the PostgreSQL ceiling of the bench', () => {
  const admin = process.env.TEST_DATABASE_URL as string;
  const name = `hub_ceiling_${process.pid}_${randomBytes(3).toString('hex')}`;
  let counter: RoundTripCounter;
  let pool: Pool;

  beforeAll(async () => {
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const db = await new DataSource(databaseOptions(url.toString(), 2)).initialize();
    await runMigrations(db);
    await db.destroy();
    const target = new URL(admin);
    counter = await startRoundTripCounter(target.hostname, Number(target.port || 5432));
    pool = new Pool({ connectionString: counter.url(url.toString()), max: 2, application_name: 'ceiling' });
  });
  afterAll(async () => {
    await pool?.end();
    await counter?.close();
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });

  it('books as the hub does, in the round trips of the hub, a patient booked twice kept once', async () => {
    const ids = await seedSql(pool, 4);
    await bookingSql(pool, ids, 0);
    counter.reset();
    await bookingSql(pool, ids, 1, true);
    expect(counter.flights()).toHaveLength(bookingRoundTrips);
    await bookingSql(pool, ids, 2, true);

    const count = async (sql: string): Promise<number> => Number((await pool.query(sql)).rows[0].n);
    expect(await count(`SELECT count(*) n FROM inbox_message WHERE state = 'done' AND response_status = 200`)).toBe(3);
    expect(await count(`SELECT count(*) n FROM slot WHERE status = 'busy'`)).toBe(3);
    expect(await count(`SELECT count(*) n FROM appointment`)).toBe(3);
    expect(await count(`SELECT count(*) n FROM appointment_version`)).toBe(3);
    expect(await count(`SELECT count(*) n FROM pointer_outbox`)).toBe(3);
    expect(await count(`SELECT count(*) n FROM patient`)).toBe(2);
  });
});

/** Databases whose names match `pattern` (SQL LIKE): what a bench run left behind. */
async function databasesLeft(pattern: string): Promise<string[]> {
  const c = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  try {
    return (await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [pattern])).rows.map((r) => r.datname as string);
  } finally {
    await c.end();
  }
}

/** The bench's settings (bench/run.ts) for a few seconds of light load on the test services. */
const benchConfig = (duration: number) => ({
  databaseUrl: process.env.TEST_DATABASE_URL,
  redisUrl: process.env.TEST_REDIS_URL,
  duration,
  warmup: 0,
  concurrency: 4,
  workers: 1,
  workerConcurrency: 2,
  slotRate: 1000,
  samePatient: false,
  env: {},
});

/**
 * ceiling-stack (bench/lib/stack-ceiling.ts) runs the booking's whole path without the hub's framework: its
 * own api and worker processes, the hub's statements and queue. It books through it for a second and
 * leaves nothing behind.
 */
describe('the whole-stack ceiling of the bench', () => {
  it('books through its own api and worker processes, every answer a 200, and cleans up', async () => {
    const cleanups: Array<() => Promise<void>> = [];
    const result = await stackCeiling(benchConfig(1), (fn: () => Promise<void>) => cleanups.push(fn));
    expect(result.errors).toBe(0);
    expect(result.ops).toBeGreaterThan(0);
    expect(Object.keys(result.cpuMsPerOk)).toEqual(expect.arrayContaining(['api', 'worker', 'postgres']));
    expect(await databasesLeft(`hub_bench_stack_${process.pid}_%`)).toEqual([]);
  }, 60_000);
});

/**
 * `--alternate` (bench/lib/alternate.ts) books on the hub, ceiling-stack and ceiling-postgres in turns,
 * A B C then C B A, so that a drift in the machine's speed weighs on all alike. Two rounds of one-second
 * turns, and nothing left behind.
 */
describe('the alternating comparison of the bench', () => {
  it('books on every side in turns, every answer a success, a ratio per pair of sides per round, and cleans up', async () => {
    const cleanups: Array<() => Promise<void>> = [];
    try {
      const result = await runAlternate(benchConfig(2), (fn: () => Promise<void>) => cleanups.push(fn), 'stack,postgres', 1);
      const [hub, stack, postgres] = ['hub', 'ceiling-stack', 'ceiling-postgres'];
      expect(result.slices.map((s) => s.side)).toEqual([hub, stack, postgres, postgres, stack, hub]);
      expect(result.sides.map((s) => [s.label, s.errors])).toEqual([
        [hub, 0],
        [stack, 0],
        [postgres, 0],
      ]);
      for (const side of result.sides) expect(side.ok).toBeGreaterThan(0);
      expect(Object.keys(result.ratios)).toEqual([`${hub} / ${stack}`, `${hub} / ${postgres}`, `${stack} / ${postgres}`]);
      for (const ratio of Object.values(result.ratios)) {
        expect(ratio.perRound).toHaveLength(2);
        expect(ratio.median).toBeGreaterThan(0);
      }
    } finally {
      for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
    }
    expect(await databasesLeft(`hub_bench_%${process.pid}_%`)).toEqual([]);
  }, 120_000);
});
