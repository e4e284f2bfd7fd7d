import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Sql } from './sql';

/**
 * Pipelined transactions: fewer round trips to PostgreSQL for the same statements (issue #18).
 *
 * A round trip costs more than most of the hub's statements: the backend wakes, answers and sleeps, and on
 * a busy machine the worker waits its turn to run again each time. Inside a {@link pipelinedTransaction}:
 *
 * - BEGIN is not sent on its own but with the transaction's first statement;
 * - a write whose answer nobody reads ({@link deferSql}) waits, and travels with the next statement that is
 *   sent (or with COMMIT);
 * - statements the caller starts together (`Promise.all`) travel together.
 *
 * Each travels in one write to the socket and the client waits once ("pipelining", node-postgres'
 * `pipeline` mode: each statement keeps its own Sync, so its answer, or error, is its own). The server runs
 * them one after another in order, as before; only the waiting between them is gone. When a statement
 * fails, the ones after it in the transaction fail too (the transaction is aborted), COMMIT answers
 * ROLLBACK, and the first error is the one raised. A deferred write's failure surfaces when the next
 * statement, or COMMIT, is awaited.
 *
 * SQLite (the quick start) has no wire to save: there a pipelined transaction is TypeORM's own, and a
 * deferred write runs at once.
 */

/** The part of node-postgres' pooled client used here. */
interface PgClient {
  query(config: string | { name: string; text: string; values: readonly unknown[] }): Promise<PgResult>;
  pipeline: boolean;
  connection: { stream: { cork(): void; uncork(): void } };
}

export interface PgResult {
  rows: unknown[];
  rowCount: number | null;
  command: string;
}

export type Statement = string | { sql: Sql; params: readonly unknown[] };

/** TypeORM keeps these on its query runner; a transaction begun here sets them as `startTransaction` would. */
interface RunnerState {
  isTransactionActive: boolean;
  transactionDepth: number;
  query: QueryRunner['query'];
}

export class Pipeline {
  /** Written, not yet sent. */
  private waiting: Statement[] = [];
  /** Deferred statements sent, each settled (never rejecting), so the end can wait for all. */
  private readonly inFlight: Array<Promise<unknown>> = [];
  /** The first error of a deferred statement: the transaction's error. */
  failure: Error | undefined;
  begun = false;

  constructor(private readonly client: PgClient) {}

  defer(statement: Statement): void {
    this.waiting.push(statement);
  }

  /** Sends what waits, then `last` if given, in one write; returns `last`'s answer. */
  send(last?: Statement): Promise<PgResult> | undefined {
    if (this.waiting.length === 0 && last === undefined) return undefined;
    // One write for everything started in this turn of the event loop (node-postgres writes each
    // statement on its own otherwise): the statements of a `Promise.all` leave together.
    const stream = this.client.connection.stream;
    stream.cork();
    process.nextTick(() => stream.uncork());
    for (const statement of this.waiting) {
      this.inFlight.push(
        this.submit(statement).then(undefined, (error: unknown) => {
          // Kept as thrown: a copy would lose the `code` that tells a lost connection from a refused statement.
          this.failure ??= (error ?? new Error('a pipelined statement failed without an error')) as Error;
        }),
      );
    }
    this.begun ||= this.waiting.length > 0;
    this.waiting = [];
    if (last === undefined) return undefined;
    this.begun = true;
    return this.submit(last);
  }

  /** One statement, with the deferred ones before it; the first failure among them is the one raised. */
  async run(statement: Statement): Promise<PgResult> {
    const answer = this.send(statement) as Promise<PgResult>;
    try {
      return await answer;
    } catch (error) {
      await this.settled();
      throw this.failure ?? error;
    }
  }

  /** Waits until every deferred statement sent so far has its answer. */
  async settled(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  /** Unsent statements are dropped (a rolled-back transaction would undo them). */
  dropWaiting(): void {
    this.waiting = [];
  }

  private submit(statement: Statement): Promise<PgResult> {
    if (typeof statement === 'string') return this.client.query(statement);
    return this.client.query({ name: statement.sql.name, text: statement.sql.text, values: statement.params });
  }
}

const pipelines = new WeakMap<QueryRunner, Pipeline>();

/** The open pipeline of the manager's transaction, if it is a pipelined one on PostgreSQL. */
export function pipelineOf(m: EntityManager): Pipeline | undefined {
  return m.queryRunner && pipelines.get(m.queryRunner);
}

/**
 * Runs `work` in a transaction whose statements are pipelined (see above). Same contract as TypeORM's
 * `DataSource.transaction`: commits what `work` did when it returns, rolls back and rethrows when it throws.
 * Every query of `work` must go through its manager (lint: `hub/transaction-manager`).
 */
export async function pipelinedTransaction<T>(db: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  if (db.options.type !== 'postgres') return db.transaction(work);
  const runner = db.createQueryRunner();
  try {
    return await inPipeline(runner, (await runner.connect()) as PgClient, work);
  } finally {
    await runner.release();
  }
}

async function inPipeline<T>(runner: QueryRunner, client: PgClient, work: (m: EntityManager) => Promise<T>): Promise<T> {
  const state = runner as unknown as RunnerState;
  const pipeline = new Pipeline(client);
  // TypeORM's own queries on this runner (reads through the manager) first send what waits, so the
  // order on the wire is the order the code wrote; and it sees a transaction, so it starts none of its own.
  const query = runner.query.bind(runner);
  state.query = ((...args: Parameters<QueryRunner['query']>) => {
    void pipeline.send();
    return query(...args);
  }) as QueryRunner['query'];
  client.pipeline = true;
  state.isTransactionActive = true;
  state.transactionDepth = 1;
  pipelines.set(runner, pipeline);
  pipeline.defer('BEGIN');
  try {
    let result: T;
    try {
      result = await work(runner.manager);
    } catch (error) {
      pipeline.dropWaiting();
      const rollback = pipeline.begun ? pipeline.send('ROLLBACK') : undefined;
      await pipeline.settled();
      await rollback?.catch(() => undefined);
      throw pipeline.failure ?? error;
    }
    const commit = pipeline.send('COMMIT') as Promise<PgResult>;
    await pipeline.settled();
    const committed = await commit.catch((error: unknown) => {
      throw pipeline.failure ?? error;
    });
    if (pipeline.failure !== undefined) throw pipeline.failure;
    if (committed.command !== 'COMMIT') throw new Error(`the transaction ended in ${committed.command}, not COMMIT`);
    return result;
  } finally {
    // Back to the pool as it came: plain mode, no transaction.
    pipelines.delete(runner);
    client.pipeline = false;
    state.isTransactionActive = false;
    state.transactionDepth = 0;
    delete (state as Partial<RunnerState>).query;
  }
}

/**
 * Starts `work`'s statements together: in a pipelined transaction all are sent before any answer is
 * awaited (one round trip when each is a single statement); elsewhere one after another, as node-postgres
 * wants one query at a time on a connection. Results in the order given; when several fail, the error is
 * the first one's in that order, as if they had run one after another.
 */
export async function together<T extends readonly unknown[]>(
  m: EntityManager,
  ...work: { [K in keyof T]: () => Promise<T[K]> }
): Promise<T> {
  if (!pipelineOf(m)) {
    const results: unknown[] = [];
    for (const w of work) results.push(await w());
    return results as unknown as T;
  }
  const settled = await Promise.allSettled(work.map((w) => w()));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
