import { RecError, nowInstant } from '@hub/fhir';
import { Sql, TurnBatch, deferSql, isTransientInfrastructureError, runSql, settle, type Outcome } from '@hub/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import {
  Between,
  In,
  LessThan,
  LessThanOrEqual,
  MoreThanOrEqual,
  type DataSource,
  type EntityManager,
  type FindOptionsWhere,
} from 'typeorm';
import type { InboundResult } from '@hub/messaging';
import { InboxMessage } from '@hub/persistence';
import { acceptStatement, acceptValues } from './accept-batch';
import { selecting, type MessageFilter, type MessageSummary, type MessageSummaryWithResponse, type QueuedRow } from './message-summary';

export interface NewInboxMessage {
  /**
   * The row's id, when the caller keeps one across retries of the same insert: a retry that finds a row
   * with this id found its own earlier insert, not another request's (apps/api InboxSubmitter).
   */
  id?: string;
  requestId: string;
  correlationId: string;
  bundleId: string | null;
  event: string | null;
  reason: string | null;
  jobName: string;
  targetService: string | null;
  sourceEndpoint: string | null;
  auditHeaders: Record<string, unknown>;
  body: string;
  /** What makes a retry a retry ({@link messageDigest}). */
  digest: string;
}

export type AcceptOutcome = { accepted: true; message: InboxMessage } | { accepted: false; existing: InboxMessage };

/** The inbox table, for the api (accept, look up, admin), and the worker (claim, finish, re-drive): its only queries. */
@Injectable()
export class InboxService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** On PostgreSQL, the inserts asked for in one turn of the event loop, as one statement. */
  private readonly inserts = new TurnBatch<InboxMessage, boolean>((rows) => this.insert(rows));

  /**
   * Stores a new message, or returns the row already stored under the same X-Request-Id. The unique
   * index decides between concurrent repeats, so exactly one of them is accepted.
   */
  async accept(input: NewInboxMessage): Promise<AcceptOutcome> {
    const now = nowInstant();
    // A plain row, not `repository.create()`: every message passes here, and nothing needs an entity instance.
    const message: InboxMessage = {
      ...input,
      id: input.id ?? randomUUID(),
      state: 'queued',
      responseStatus: null,
      response: null,
      attempts: 0,
      receivedAt: now,
      updatedAt: now,
      completedAt: null,
    };
    // A second try covers a row that was there and is gone by the look-up (forgotten after a failed enqueue).
    for (let attempt = 1; ; attempt++) {
      // SQLite (the quick start) has no wire to save: one row at a time.
      const inserted = this.db.options.type === 'postgres' ? await this.inserts.add(message) : settle((await this.insert([message]))[0]);
      if (inserted) return { accepted: true, message };
      const existing = await this.findByRequestId(input.requestId);
      if (existing) return { accepted: false, existing };
      // Forgotten by the request that held it, whose enqueue failed: Redis is failing, and this message
      // is surely not recorded either.
      if (attempt === 2)
        throw new RecError('REC_SERVICE_UNAVAILABLE', 'transient', 'The receiver cannot record messages right now; retry later', {
          'Retry-After': '5',
        });
    }
  }

  /**
   * Inserts rows in one statement; true for each row that went in, false for a repeated X-Request-Id. One
   * row that PostgreSQL refuses must not fail the others, so a failed batch is tried again row by row,
   * except when the connection failed: then the statement's outcome is unknown and the same for every row,
   * and each caller finds out for itself (apps/api InboxSubmitter).
   */
  private async insert(rows: InboxMessage[]): Promise<Array<Outcome<boolean>>> {
    try {
      // In X-Request-Id order, so that two api processes inserting the same ids wait on each other in the
      // same order instead of deadlocking.
      const ordered = [...rows].sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0));
      const { rows: inserted } = await runSql<{ id: string }>(this.db.manager, acceptStatement(rows.length), acceptValues(ordered));
      const ids = new Set(inserted.map((r) => r.id));
      return rows.map((r) => ({ value: ids.has(r.id) }));
    } catch (error) {
      // The error object as thrown, never a copy: its `code` is what InboxSubmitter reads.
      if (rows.length === 1 || isTransientInfrastructureError(error)) return rows.map(() => ({ error }));
      // One after another: a burst of single inserts at once would queue for the pool's connections.
      const outcomes: Array<Outcome<boolean>> = [];
      for (const r of rows) outcomes.push((await this.insert([r]))[0]);
      return outcomes;
    }
  }

  findByRequestId(requestId: string): Promise<InboxMessage | null> {
    return this.db.getRepository(InboxMessage).findOne({ where: { requestId } });
  }

  findById(id: string, m: EntityManager = this.db.manager): Promise<InboxMessage | null> {
    return m.getRepository(InboxMessage).findOne({ where: { id } });
  }

  /** Removes a row whose job could not be enqueued, so the sender's retry starts afresh. */
  async forget(id: string): Promise<void> {
    await this.db.getRepository(InboxMessage).delete({ id, state: 'queued' });
  }

  /** Rows still `queued` that were received before `before`, oldest first: the ones whose job may be lost. */
  queuedBefore(before: string, limit: number): Promise<QueuedRow[]> {
    return this.db.getRepository(InboxMessage).find({
      where: { state: 'queued', receivedAt: LessThan(before) },
      select: { id: true, requestId: true, correlationId: true, jobName: true },
      order: { receivedAt: 'ASC' },
      take: limit,
    });
  }

  /** Each row's state and stored status, for telling a failed job that changed nothing from one that did. */
  outcomes(ids: string[]): Promise<Pick<InboxMessage, 'id' | 'state' | 'responseStatus'>[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.getRepository(InboxMessage).find({ where: { id: In(ids) }, select: { id: true, state: true, responseStatus: true } });
  }

  /** The admin's search, newest first, showing only what an admin may see. */
  search(filter: MessageFilter): Promise<MessageSummary[]> {
    const where: FindOptionsWhere<InboxMessage> = {};
    // X-Request-Id is stored lower-cased (the dedupe key); correlation ids as sent.
    if (filter.requestId) where.requestId = filter.requestId.toLowerCase();
    if (filter.correlationId) where.correlationId = In([filter.correlationId, filter.correlationId.toLowerCase()]);
    if (filter.state) where.state = filter.state;
    if (filter.since && filter.until) where.receivedAt = Between(filter.since, filter.until);
    else if (filter.since) where.receivedAt = MoreThanOrEqual(filter.since);
    else if (filter.until) where.receivedAt = LessThanOrEqual(filter.until);
    return this.db.getRepository(InboxMessage).find({ where, select: selecting(), order: { receivedAt: 'DESC' }, take: filter.limit });
  }

  /** One row as an admin may see it, with its stored answer. */
  summary(id: string): Promise<MessageSummaryWithResponse | null> {
    return this.db.getRepository(InboxMessage).findOne({ where: { id: id.toLowerCase() }, select: selecting('response') });
  }

  /**
   * Puts a row that failed with a server error (5xx) back to `queued`, answer cleared. False when the row
   * is anything else: a business refusal (4xx) or a success is a correct answer and is never replayed.
   */
  async requeueFailed(id: string): Promise<boolean> {
    const reset = await this.db
      .createQueryBuilder()
      .update(InboxMessage)
      .set({ state: 'queued', responseStatus: null, response: () => 'NULL', completedAt: null, updatedAt: nowInstant() })
      .where({ id, state: 'failed', responseStatus: MoreThanOrEqual(500) })
      .execute();
    return reset.affected === 1;
  }

  /**
   * Takes the row for processing inside the caller's transaction and returns what the worker needs of it.
   * A row lock, not a write: the state the transaction would set is never seen by anyone else (it commits
   * together with `finish`, or rolls back), so writing it only cost a row version and its index entries.
   * On PostgreSQL a second attempt at the same message (a stalled job re-run) waits on the lock for the
   * first to commit, then finds it finished: `undefined`.
   */
  async claim(m: EntityManager, id: string): Promise<ClaimedMessage | undefined> {
    const { rows } = await runSql<{ id: string; correlation_id: string; body: string }>(m, CLAIM, [id]);
    const row = rows[0];
    return row && { id: row.id, correlationId: row.correlation_id, body: row.body };
  }

  /**
   * Records the final answer; only an unfinished row changes, so a late duplicate cannot overwrite it. In a
   * pipelined transaction it travels with the COMMIT.
   */
  async finish(m: EntityManager, id: string, status: number, response: InboundResult): Promise<void> {
    const now = nowInstant();
    const state = status < 400 ? 'done' : status < 500 ? 'refused' : 'failed';
    await deferSql(m, FINISH, [state, status, JSON.stringify(response), now, id]);
  }
}

/**
 * What makes a retry a retry (BARS.md §6 step 5: "the same body, same IDs and same headers, apart from the
 * token"): the operation, X-Correlation-Id, the target service and the body exactly as received, as SHA-256.
 */
export function messageDigest(parts: { jobName: string; correlationId: string; targetService: string | null; body: string }): string {
  return createHash('sha256')
    .update(`${parts.jobName}\n${parts.correlationId.toLowerCase()}\n${parts.targetService ?? ''}\n`)
    .update(parts.body)
    .digest('hex');
}

/** The parts of a claimed message the worker uses. */
export interface ClaimedMessage {
  id: string;
  correlationId: string;
  body: string;
}

export const CLAIM = new Sql(
  'hub_inbox_claim',
  `SELECT id, correlation_id, body FROM inbox_message WHERE id = $1 AND state IN ('queued', 'processing') FOR UPDATE`,
);

export const FINISH = new Sql(
  'hub_inbox_finish',
  `UPDATE inbox_message SET state = $1, response_status = $2, response = $3, updated_at = $4, completed_at = $4,
     attempts = attempts + 1
   WHERE id = $5 AND state IN ('queued', 'processing')`,
);
