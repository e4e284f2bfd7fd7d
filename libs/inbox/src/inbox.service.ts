import { nowInstant } from '@hub/fhir';
import { isUniqueViolation } from '@hub/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
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
   * Takes the row for processing inside the caller's transaction. On PostgreSQL the UPDATE locks the row,
   * so a second attempt at the same message (a stalled job re-run) waits for the first to commit and
   * then finds it finished. Returns false when the message was already finished.
   */
  async claim(m: EntityManager, id: string): Promise<boolean> {
    const result = await m
      .createQueryBuilder()
      .update(InboxMessage)
      .set({ state: 'processing', attempts: () => 'attempts + 1', updatedAt: nowInstant() })
      .where({ id, state: In(['queued', 'processing']) })
      .execute();
    return result.affected === 1;
  }

  /** Records the final answer; only an unfinished row changes, so a late duplicate cannot overwrite it. */
  async finish(m: EntityManager, id: string, status: number, response: InboxResult): Promise<boolean> {
    const now = nowInstant();
    const result = await m
      .createQueryBuilder()
      .update(InboxMessage)
      .set({ state: status < 400 ? 'done' : 'failed', responseStatus: status, response, updatedAt: now, completedAt: now })
      .where({ id, state: In(['queued', 'processing']) })
      .execute();
    return result.affected === 1;
  }
}
