import type { EntityManager } from 'typeorm';

/**
 * A statement of the worker's hot path, sent as written instead of through TypeORM's query builder.
 *
 * Why: a booking is a dozen small statements, and TypeORM's per-query work (property-name rewriting,
 * escaping, entity metadata walks, `simple-json` decoding of columns nobody reads) cost about half of the
 * worker's CPU (docs/benchmarks.md). On PostgreSQL the statement is also prepared once per connection
 * (a named statement), so the server parses and plans it once instead of per booking.
 *
 * Written once, in PostgreSQL's `$1` style; on SQLite (the quick start) the placeholders become `?` in
 * order of appearance. Entities, migrations and every read path stay on TypeORM.
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
    const text = this.text.replace(/\$(\d+)/g, (_, n: string) => {
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

/** The part of node-postgres' client used here (TypeORM keeps it as `any`). */
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
  const own = m.queryRunner === undefined;
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    if (m.connection.options.type === 'postgres') {
      const client = (await runner.connect()) as PgClient;
      const result = await client.query({ name: sql.name, text: sql.text, values: params });
      return { rows: result.rows as Row[], affected: result.rowCount ?? 0 };
    }
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
