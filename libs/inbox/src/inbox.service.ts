import { nowInstant } from '@hub/fhir';
import { Sql, isUniqueViolation, runSql } from '@hub/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
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
    const message = this.db.getRepository(InboxMessage).create({
      ...input,
      id: randomUUID(),
      state: 'queued',
      responseStatus: null,
      response: null,
      attempts: 0,
      receivedAt: now,
      updatedAt: now,
      completedAt: null,
    });
    try {
      await this.db.getRepository(InboxMessage).insert(message as QueryDeepPartialEntity<InboxMessage>);
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
   * Takes the row for processing inside the caller's transaction and returns what the worker needs of it,
   * in one statement. On PostgreSQL the UPDATE locks the row, so a second attempt at the same message (a
   * stalled job re-run) waits for the first to commit and then finds it finished: `undefined`.
   */
  async claim(m: EntityManager, id: string): Promise<ClaimedMessage | undefined> {
    const { rows } = await runSql<{ id: string; correlation_id: string; body: string }>(m, CLAIM, [nowInstant(), id]);
    const row = rows[0];
    return row && { id: row.id, correlationId: row.correlation_id, body: row.body };
  }

  /** Records the final answer; only an unfinished row changes, so a late duplicate cannot overwrite it. */
  async finish(m: EntityManager, id: string, status: number, response: InboxResult): Promise<boolean> {
    const now = nowInstant();
    const state = status < 400 ? 'done' : 'failed';
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

const CLAIM = new Sql(
  'hub_inbox_claim',
  `UPDATE inbox_message SET state = 'processing', attempts = attempts + 1, updated_at = $1
   WHERE id = $2 AND state IN ('queued', 'processing') RETURNING id, correlation_id, body`,
);

const FINISH = new Sql(
  'hub_inbox_finish',
  `UPDATE inbox_message SET state = $1, response_status = $2, response = $3, updated_at = $4, completed_at = $4
   WHERE id = $5 AND state IN ('queued', 'processing')`,
);
