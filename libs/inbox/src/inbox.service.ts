import { nowInstant } from '@hub/fhir';
import { Sql, isUniqueViolation, runSql } from '@hub/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { InboxMessage, type InboxResult } from './inbox-message.entity';

export interface NewInboxMessage {
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
}

export type AcceptOutcome = { accepted: true; message: InboxMessage } | { accepted: false; existing: InboxMessage };

/** The inbox table, for the api (accept, look up) and the worker (claim, finish). */
@Injectable()
export class InboxService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Stores a new message, or returns the row already stored under the same X-Request-Id. The unique
   * index decides between concurrent repeats, so exactly one of them is accepted.
   */
  async accept(input: NewInboxMessage): Promise<AcceptOutcome> {
    const now = nowInstant();
    // A plain row, not `repository.create()`: every message passes here, and nothing needs an entity instance.
    const message: InboxMessage = {
      ...input,
      id: randomUUID(),
      state: 'queued',
      responseStatus: null,
      response: null,
      attempts: 0,
      receivedAt: now,
      updatedAt: now,
      completedAt: null,
    };
    const { id, requestId, correlationId, bundleId, event, reason, jobName, targetService, sourceEndpoint } = message;
    const audit = JSON.stringify(message.auditHeaders);
    try {
      const row = [id, requestId, correlationId, bundleId, event, reason, jobName, targetService, sourceEndpoint, audit, message.body, now];
      await runSql(this.db.manager, ACCEPT, row);
      return { accepted: true, message };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.findByRequestId(input.requestId);
      if (existing === null) throw error;
      return { accepted: false, existing };
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

  /** Records the final answer; only an unfinished row changes, so a late duplicate cannot overwrite it. */
  async finish(m: EntityManager, id: string, status: number, response: InboxResult): Promise<boolean> {
    const now = nowInstant();
    const state = status < 400 ? 'done' : status < 500 ? 'refused' : 'failed';
    const { affected } = await runSql(m, FINISH, [state, status, JSON.stringify(response), now, id]);
    return affected === 1;
  }
}

/** The parts of a claimed message the worker uses. */
export interface ClaimedMessage {
  id: string;
  correlationId: string;
  body: string;
}

// Every message is one insert, on the api's busiest path: sent as written rather than through the ORM.
const ACCEPT = new Sql(
  'hub_inbox_accept',
  `INSERT INTO inbox_message (id, request_id, correlation_id, bundle_id, event, reason, job_name, target_service, source_endpoint,
     audit_headers, body, state, response_status, response, attempts, received_at, updated_at, completed_at)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'queued', NULL, NULL, 0, $12, $12, NULL)`,
);

const CLAIM = new Sql(
  'hub_inbox_claim',
  `SELECT id, correlation_id, body FROM inbox_message WHERE id = $1 AND state IN ('queued', 'processing') FOR UPDATE`,
);

const FINISH = new Sql(
  'hub_inbox_finish',
  `UPDATE inbox_message SET state = $1, response_status = $2, response = $3, updated_at = $4, completed_at = $4,
     attempts = attempts + 1
   WHERE id = $5 AND state IN ('queued', 'processing')`,
);
