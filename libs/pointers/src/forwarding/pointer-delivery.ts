import { nowInstant } from '@hub/fhir';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { PointerEntity, PointerOutboxEntity } from '../entities';
import { IN_FLIGHT, PointerOutbox } from './pointer-outbox';
import { PointerSender, type SendOutcome } from './pointer-sender';

/** What a job did: `done`/`failed` are final for the row; `stale` and `blocked` sent nothing. */
export type DeliveryResult = { kind: 'done' | 'failed'; chainId: string } | { kind: 'stale' | 'blocked' };

/** A transient failure with attempts left: the queue retries the job after its backoff. */
export class RetryLaterError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RetryLaterError';
  }
}

/**
 * Sends one outbox row: checks it is still this job's to send and heads its chain, records the attempt
 * (so that a worker dying mid-send leaves `sending` behind, and the next attempt reads before it writes),
 * sends, and records the outcome. The appointment book is never touched here.
 */
@Injectable()
export class PointerDelivery {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: PointerOutbox,
    private readonly sender: PointerSender,
  ) {}

  async deliver(outboxId: number, generation: number, finalAttempt: boolean): Promise<DeliveryResult> {
    const rows = this.db.getRepository(PointerOutboxEntity);
    const row = await rows.findOne({ where: { id: outboxId } });
    if (!row || row.generation !== generation || !IN_FLIGHT.includes(row.state)) return { kind: 'stale' };
    if (!(await this.outbox.isHead(row))) {
      // Not its turn (cannot happen through the relay): it gets a new job once it heads its chain.
      await this.outbox.requeue(row.id, generation);
      return { kind: 'blocked' };
    }
    const claim = await rows
      .createQueryBuilder()
      .update()
      .set({ state: 'sending', attempts: () => 'attempts + 1', updatedAt: nowInstant() })
      .where({ id: row.id, generation, state: In(IN_FLIGHT) })
      .execute();
    if (claim.affected !== 1) return { kind: 'stale' };

    const pointers = this.db.getRepository(PointerEntity);
    const pointer = row.pointerId === null ? null : await pointers.findOne({ where: { id: row.pointerId } });
    if (!pointer) return this.record(row, { kind: 'fail', error: 'the pointer of this change is missing' }, finalAttempt);
    const replaced =
      row.operation === 'supersede' && pointer.replacesId !== null ? await pointers.findOne({ where: { id: pointer.replacesId } }) : null;
    const outcome = await this.sender.send({
      operation: row.operation,
      requestId: row.requestId,
      correlationId: row.correlationId,
      uncertain: row.attempts > 0,
      pointer,
      replacedRemoteId: replaced?.remoteId ?? null,
    });
    return this.record(row, outcome, finalAttempt);
  }

  private async record(row: PointerOutboxEntity, outcome: SendOutcome, finalAttempt: boolean): Promise<DeliveryResult> {
    const now = nowInstant();
    const where = { id: row.id, generation: row.generation, state: 'sending' as const };
    if (outcome.kind === 'done') {
      await this.db.transaction(async (m) => {
        await m
          .getRepository(PointerOutboxEntity)
          .update(where, { state: 'done', responseStatus: outcome.status, lastError: null, updatedAt: now, completedAt: now });
        if (outcome.remoteId !== undefined && row.pointerId !== null) {
          await m.getRepository(PointerEntity).update({ id: row.pointerId }, { remoteId: outcome.remoteId });
        }
      });
      return { kind: 'done', chainId: row.chainId };
    }
    const status = outcome.status ?? null;
    if (outcome.kind === 'retry' && !finalAttempt) {
      await this.db
        .getRepository(PointerOutboxEntity)
        .update(where, { state: 'queued', responseStatus: status, lastError: outcome.error, updatedAt: now });
      throw new RetryLaterError(`NRL: ${status ?? 'no answer'}`);
    }
    const error = outcome.kind === 'retry' ? `gave up after ${row.attempts + 1} attempt(s): ${outcome.error}` : outcome.error;
    await this.db
      .getRepository(PointerOutboxEntity)
      .update(where, { state: 'failed', responseStatus: status, lastError: error, updatedAt: now });
    return { kind: 'failed', chainId: row.chainId };
  }
}
