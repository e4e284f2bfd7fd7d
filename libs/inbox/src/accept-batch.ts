import { Sql, type InboxMessage } from '@hub/persistence';

/** The columns a new message fills, in the order {@link acceptValues} gives them. */
const COLUMNS = 13;

const statements = new Map<number, Sql>();

/**
 * The insert of `n` new messages at once: a row already stored under the same X-Request-Id (or one a
 * concurrent insert of the same id commits first) is skipped, not an error, so one repeat cannot fail the
 * others; `RETURNING id` says which rows went in. One prepared statement per batch size, made on first use.
 */
export function acceptStatement(n: number): Sql {
  let sql = statements.get(n);
  if (!sql) {
    const rows = Array.from({ length: n }, (_, r) => {
      const p = (i: number): string => `$${r * COLUMNS + i}`;
      return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)}, ${p(11)}, 'queued', NULL, NULL, 0, ${p(12)}, ${p(12)}, NULL, ${p(13)})`;
    });
    sql = new Sql(
      `hub_inbox_accept_${n}`,
      `INSERT INTO inbox_message (id, request_id, correlation_id, bundle_id, event, reason, job_name, target_service, source_endpoint,
         audit_headers, body, state, response_status, response, attempts, received_at, updated_at, completed_at, digest)
       VALUES ${rows.join(',\n')}
       ON CONFLICT DO NOTHING RETURNING id`,
    );
    statements.set(n, sql);
  }
  return sql;
}

/** A new message's values, as {@link acceptStatement} takes them. */
export type AcceptRow = Pick<
  InboxMessage,
  | 'id'
  | 'requestId'
  | 'correlationId'
  | 'bundleId'
  | 'event'
  | 'reason'
  | 'jobName'
  | 'targetService'
  | 'sourceEndpoint'
  | 'auditHeaders'
  | 'body'
  | 'receivedAt'
  | 'digest'
>;

/** The parameters of {@link acceptStatement}(rows.length). */
export function acceptValues(rows: readonly AcceptRow[]): unknown[] {
  const values: unknown[] = [];
  for (const m of rows) {
    values.push(m.id, m.requestId, m.correlationId, m.bundleId, m.event, m.reason, m.jobName, m.targetService, m.sourceEndpoint);
    values.push(JSON.stringify(m.auditHeaders), m.body, m.receivedAt, m.digest);
  }
  return values;
}
