import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { Sql, deferSql, pipelinedTransaction, runSql, together } from '@hub/persistence';
import { startRoundTripCounter, type RoundTripCounter } from './support/pg-round-trips';

const INSERT = new Sql('t_insert', 'INSERT INTO t (id, note) VALUES ($1, $2)');
const READ = new Sql('t_read', 'SELECT id, note FROM t WHERE id = $1');
const COUNT = new Sql('t_count', 'SELECT count(*)::int AS n FROM t');

/**
 * The worker's pipelined transactions (libs/persistence/src/pipeline.ts) on real PostgreSQL: fewer round
 * trips, and the same outcome as one statement at a time, failures included.
 */
describe('pipelined transactions', () => {
  const admin = process.env.TEST_DATABASE_URL as string;
  const name = `hub_pipeline_${process.pid}_${randomBytes(3).toString('hex')}`;
  let counter: RoundTripCounter;
  let db: DataSource;

  const rows = async (): Promise<number> => (await runSql<{ n: number }>(db.manager, COUNT, [])).rows[0].n;

  beforeAll(async () => {
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const target = new URL(admin);
    counter = await startRoundTripCounter(target.hostname, Number(target.port || 5432));
    const url = new URL(counter.url(admin));
    url.pathname = `/${name}`;
    db = await new DataSource({
      type: 'postgres',
      url: url.toString(),
      poolSize: 2,
      extra: { application_name: 'pipeline-test' },
    }).initialize();
    await db.query('CREATE TABLE t (id int PRIMARY KEY, note text)');
  });
  afterAll(async () => {
    await db?.destroy();
    await counter?.close();
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  beforeEach(() => db.query('TRUNCATE t'));

  it('sends BEGIN with the first statement, deferred writes with COMMIT, and commits them', async () => {
    counter.reset();
    const read = await pipelinedTransaction(db, async (m: EntityManager) => {
      const first = await runSql(m, READ, [0]);
      await deferSql(m, INSERT, [1, 'a']);
      await deferSql(m, INSERT, [2, 'b']);
      return first.rows;
    });
    expect(read).toEqual([]);
    expect(counter.flights().map((f) => f.statements)).toEqual([
      ['BEGIN', 't_read'],
      ['t_insert', 't_insert', 'COMMIT'],
    ]);
    expect(await rows()).toBe(2);
  });

  it('sends statements started together in one round trip, answers in order', async () => {
    await db.query(`INSERT INTO t VALUES (1, 'a'), (2, 'b')`);
    counter.reset();
    const [a, b] = await pipelinedTransaction(db, (m: EntityManager) =>
      together(
        m,
        () => runSql<{ note: string }>(m, READ, [1]),
        () => runSql<{ note: string }>(m, READ, [2]),
      ),
    );
    expect([a.rows[0].note, b.rows[0].note]).toEqual(['a', 'b']);
    expect(counter.flights().map((f) => f.statements)).toEqual([['BEGIN', 't_read', 't_read'], ['COMMIT']]);
  });

  it('a read through TypeORM sees the deferred writes before it (they are sent first)', async () => {
    const seen = await pipelinedTransaction(db, async (m: EntityManager) => {
      await deferSql(m, INSERT, [7, 'deferred']);
      return m.query('SELECT note FROM t WHERE id = 7');
    });
    expect(seen).toEqual([{ note: 'deferred' }]);
  });

  it('a deferred write that fails fails the transaction with its own error, and nothing is committed', async () => {
    await db.query(`INSERT INTO t VALUES (1, 'taken')`);
    const run = pipelinedTransaction(db, async (m: EntityManager) => {
      await deferSql(m, INSERT, [2, 'b']);
      await deferSql(m, INSERT, [1, 'duplicate']);
      await deferSql(m, INSERT, [3, 'c']);
    });
    await expect(run).rejects.toMatchObject({ code: '23505' }); // unique_violation, not "transaction aborted"
    expect(await rows()).toBe(1);
    // The connection went back to the pool usable, in plain mode.
    await pipelinedTransaction(db, (m: EntityManager) => deferSql(m, INSERT, [4, 'd']));
    expect(await rows()).toBe(2);
  });

  it('a deferred failure surfaces at the next awaited statement', async () => {
    await db.query(`INSERT INTO t VALUES (1, 'taken')`);
    let after = 'not reached';
    const run = pipelinedTransaction(db, async (m: EntityManager) => {
      await deferSql(m, INSERT, [1, 'duplicate']);
      await runSql(m, READ, [1]);
      after = 'reached';
    });
    await expect(run).rejects.toMatchObject({ code: '23505' });
    expect(after).toBe('not reached');
  });

  it('an error thrown by the work rolls back what was sent and drops what waits', async () => {
    const run = pipelinedTransaction(db, async (m: EntityManager) => {
      await runSql(m, INSERT, [1, 'sent']);
      await deferSql(m, INSERT, [2, 'waiting']);
      throw new Error('refused');
    });
    await expect(run).rejects.toThrow('refused');
    expect(await rows()).toBe(0);
  });
});
