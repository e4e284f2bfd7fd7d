import { nowInstant } from '@hub/fhir';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, LessThan, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { PointerOutboxEntity, type OutboxState } from '../entities';

/** States a row can be sent from; `sending` included, since a worker may have died mid-send. */
export const IN_FLIGHT: OutboxState[] = ['pending', 'queued', 'sending'];
const FINISHED = "('done', 'skipped')";

export type OutboxHead = Pick<PointerOutboxEntity, 'id' | 'generation' | 'chainId'>;

/** What an operator sees of a row: ids, states and errors only, no patient data. */
export type OutboxView = Omit<PointerOutboxEntity, 'requestId' | 'correlationId'>;

/**
 * The outbox as the relay, the sender and the admin see it. A chain's changes go one at a time, oldest
 * first: a row is due only when every earlier row of its chain is `done` or `skipped`, so a delete never
 * overtakes its create and a `failed` row holds back the rest of its chain until it is retried.
 */
@Injectable()
export class PointerOutbox {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private rows(): SelectQueryBuilder<PointerOutboxEntity> {
    return this.db.getRepository(PointerOutboxEntity).createQueryBuilder('o');
  }

  private static earlierUnfinished(alias: string): string {
    return `EXISTS (SELECT 1 FROM pointer_outbox e WHERE e.chain_id = ${alias}.chain_id AND e.id < ${alias}.id AND e.state NOT IN ${FINISHED})`;
  }

  /** Pending rows that head their chain: the ones to put on the queue now. */
  dueHeads(limit: number, chainId?: string): Promise<OutboxHead[]> {
    const q = this.rows()
      .select(['o.id', 'o.generation', 'o.chainId'])
      .where('o.state = :pending', { pending: 'pending' })
      .andWhere(`NOT ${PointerOutbox.earlierUnfinished('o')}`);
    if (chainId !== undefined) q.andWhere('o.chainId = :chainId', { chainId });
    return q.orderBy('o.id', 'ASC').limit(limit).getMany();
  }

  async isHead(row: Pick<PointerOutboxEntity, 'id' | 'chainId'>): Promise<boolean> {
    const earlier = await this.rows()
      .where('o.chainId = :chainId AND o.id < :id', { chainId: row.chainId, id: row.id })
      .andWhere(`o.state NOT IN ${FINISHED}`)
      .getCount();
    return earlier === 0;
  }

  /** Marks rows whose job was added; a row already taken further by its job is left alone. */
  async markQueued(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .getRepository(PointerOutboxEntity)
      .update({ id: In(ids), state: 'pending' }, { state: 'queued', updatedAt: nowInstant() });
  }

  /** Rows on the queue (or being sent) that have not moved since `before`: their job may be lost. */
  stuck(before: string, limit: number): Promise<PointerOutboxEntity[]> {
    return this.db.getRepository(PointerOutboxEntity).find({
      where: { state: In(['queued', 'sending']), updatedAt: LessThan(before) },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  /** Gives a row whose job is gone a new generation, so the relay queues it again under a new job id. */
  async requeue(id: number, generation: number): Promise<void> {
    await this.db
      .getRepository(PointerOutboxEntity)
      .update({ id, generation, state: In(IN_FLIGHT) }, { state: 'pending', generation: generation + 1, updatedAt: nowInstant() });
  }

  async fail(id: number, generation: number, error: string): Promise<void> {
    await this.db
      .getRepository(PointerOutboxEntity)
      .update({ id, generation, state: In(IN_FLIGHT) }, { state: 'failed', lastError: error, updatedAt: nowInstant() });
  }

  /** An operator's retry of a `failed` row: from the start, under a new job. False if it was not failed. */
  async retry(id: number): Promise<boolean> {
    const result = await this.db
      .getRepository(PointerOutboxEntity)
      .createQueryBuilder()
      .update()
      .set({ state: 'pending', attempts: 0, generation: () => 'generation + 1', updatedAt: nowInstant() })
      .where({ id, state: 'failed' })
      .execute();
    return result.affected === 1;
  }

  async list(state: OutboxState, limit = 100): Promise<OutboxView[]> {
    const rows = await this.db.getRepository(PointerOutboxEntity).find({ where: { state }, order: { id: 'ASC' }, take: limit });
    return rows.map(({ requestId: _r, correlationId: _c, ...view }) => view);
  }
}
