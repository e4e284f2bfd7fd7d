import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What one outbox row asks of the NRL: POST, POST with `relatesTo` `replaces`, PUT, DELETE. */
export type PointerOperation = 'create' | 'supersede' | 'update' | 'delete';

/**
 * `pending`: written with the appointment change, not yet on the queue. `queued`: a job exists for it.
 * `sending`: a worker is sending it (still `sending` after a crash: the outcome is unknown). `done`,
 * `failed` (out of attempts or refused; blocks its chain until retried) and `skipped` (no pointer could be
 * made, e.g. no NHS number; `reason` says why) are final.
 */
export type OutboxState = 'pending' | 'queued' | 'sending' | 'done' | 'failed' | 'skipped';

/** One pointer change, written in the transaction of the appointment change that caused it. */
@Entity('pointer_outbox')
export class PointerOutboxEntity {
  /** Increasing in commit order within a chain: the order the chain's changes are sent in. */
  @PrimaryGeneratedColumn('increment') id!: number;
  /** `X-Request-Id` of the change's request to the NRL, the same on every attempt. */
  @Column({ name: 'request_id', type: 'varchar', length: 36 }) requestId!: string;
  @Column({ name: 'chain_id', type: 'varchar', length: 36 }) chainId!: string;
  @Column({ name: 'appointment_id', type: 'varchar', length: 36 }) appointmentId!: string;
  @Column({ name: 'pointer_id', type: 'varchar', length: 64, nullable: true }) pointerId!: string | null;
  @Column({ type: 'varchar', length: 16 }) operation!: PointerOperation;
  @Column({ type: 'varchar', length: 16 }) state!: OutboxState;
  /** Why a row was `skipped`. */
  @Column({ type: 'varchar', length: 255, nullable: true }) reason!: string | null;
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  /** Bumped by a manual retry, so the retried row gets a queue job of its own. */
  @Column({ type: 'integer', default: 0 }) generation!: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'response_status', type: 'integer', nullable: true }) responseStatus!: number | null;
  /** The inbox message whose processing wrote this row. */
  @Column({ name: 'inbox_id', type: 'varchar', length: 36, nullable: true }) inboxId!: string | null;
  /** `X-Correlation-Id` sent with the change: the conversation of the appointment. */
  @Column({ name: 'correlation_id', type: 'varchar', length: 64 }) correlationId!: string;
  @Column({ name: 'created_at', type: 'varchar', length: 24 }) createdAt!: string;
  @Column({ name: 'updated_at', type: 'varchar', length: 24 }) updatedAt!: string;
  @Column({ name: 'completed_at', type: 'varchar', length: 24, nullable: true }) completedAt!: string | null;
}
