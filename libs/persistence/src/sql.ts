import type { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { pipelineOf } from './pipeline';

/**
 * A statement of the worker's hot path, sent as written instead of through TypeORM's query builder.
 *
 * Why: a booking is a dozen small statements, and TypeORM's per-query work (property-name rewriting,
 * escaping, entity metadata walks, `simple-json` decoding of columns nobody reads) cost about half of the
 * worker's CPU (docs/benchmarks.md). On PostgreSQL the statement is also prepared once per connection
 * (a named statement), so the server parses and plans it once instead of per booking.
 *
 * Written once, in PostgreSQL's `$1` style; on SQLite (the quick start) the placeholders become `?` in
 * order of appearance and a closing `FOR UPDATE` is dropped. Entities, migrations and every read path stay on TypeORM.
 */
export class Sql {
  private sqlite?: { text: string; order: number[] };

  /** `name` must be unique per text: PostgreSQL keeps the prepared statement under it per connection. */
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  /** The SQLite form: `?` placeholders and, for each, which of the `$n` parameters it takes. */
  forSqlite(): { text: string; order: number[] } {
    if (this.sqlite) return this.sqlite;
    const order: number[] = [];
    // SQLite has no row locks (and needs none: its transactions run one at a time).
    const text = this.text.replace(/\s+FOR UPDATE\s*$/i, '').replace(/\$(\d+)/g, (_, n: string) => {
      order.push(Number(n) - 1);
      return '?';
    });
    this.sqlite = { text, order };
    return this.sqlite;
  }
}

export interface SqlResult<Row> {
  rows: Row[];
  /** Rows inserted, updated or deleted (PostgreSQL's row count; SQLite's `changes`). */
  affected: number;
}

/** The part of node-postgres' client and pool used here (TypeORM keeps them as `any`). */
interface PgClient {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/**
 * Runs `sql` on the manager's connection (inside its transaction when it has one). Errors are the
 * driver's own; `isUniqueViolation` and `isTransientInfrastructureError` read both forms.
 */
export async function runSql<Row = Record<string, unknown>>(
  m: EntityManager,
  sql: Sql,
  params: readonly unknown[],
): Promise<SqlResult<Row>> {
  const pipeline = pipelineOf(m);
  if (pipeline) {
    const result = await pipeline.run({ sql, params });
    return { rows: result.rows as Row[], affected: result.rowCount ?? 0 };
  }
  if (m.connection.options.type === 'postgres') {
    // In a transaction, its connection; otherwise the pool's next free one (as TypeORM would take).
    const client = (m.queryRunner ? await m.queryRunner.connect() : (m.connection.driver as PostgresDriver).master) as PgClient;
    const result = await client.query({ name: sql.name, text: sql.text, values: params });
    return { rows: result.rows as Row[], affected: result.rowCount ?? 0 };
  }
  const own = m.queryRunner === undefined;
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    const { text, order } = sql.forSqlite();
    const result = await runner.query(
      text,
      order.map((i) => params[i]),
      true,
    );
    return { rows: (result.records ?? []) as Row[], affected: result.affected ?? 0 };
  } finally {
    if (own) await runner.release();
  }
}

/**
 * A write whose answer the caller does not read. In a pipelined transaction (`pipelinedTransaction`) it
 * waits and travels with the transaction's next statement, or its COMMIT, saving a round trip; its failure
 * fails the transaction. Anywhere else it runs now.
 */
export async function deferSql(m: EntityManager, sql: Sql, params: readonly unknown[]): Promise<void> {
  const pipeline = pipelineOf(m);
  if (pipeline) pipeline.defer({ sql, params });
  else await runSql(m, sql, params);
}
