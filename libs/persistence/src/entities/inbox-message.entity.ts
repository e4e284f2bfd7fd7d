import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * `queued`: stored and enqueued. `processing`: no longer written (a worker holds the row by a lock inside
 * its transaction); kept for rows written before. `done`: processed with a success.
 * `failed`: processed with a final error, kept in `response` and replayed to a retry of the same request.
 */
/** A processed message's result as stored: JSON whose shape libs/messaging defines. */
export type StoredResult = object;

/** `refused`: answered with a business refusal (4xx), final; `failed`: a server error (5xx), replayable. */
export type InboxState = 'queued' | 'processing' | 'done' | 'refused' | 'failed';

/**
 * One row per `X-Request-Id`, written before the job is enqueued: the durable record that a message was
 * accepted, and the key that makes a repeated request run at most once (BaRS dedupes on X-Request-Id,
 * never on Bundle.id, which later messages of a conversation reuse).
 */
@Entity('inbox_message')
export class InboxMessage {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'request_id', type: 'varchar', length: 64 }) requestId!: string;
  @Column({ name: 'correlation_id', type: 'varchar', length: 64 }) correlationId!: string;
  @Column({ name: 'bundle_id', type: 'varchar', length: 64, nullable: true }) bundleId!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) event!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) reason!: string | null;
  /** The queue job this message became (`appointment.book`, …), so a lost enqueue can be redone. */
  @Column({ name: 'job_name', type: 'varchar', length: 40 }) jobName!: string;
  @Column({ name: 'target_service', type: 'varchar', length: 64, nullable: true }) targetService!: string | null;
  @Column({ name: 'source_endpoint', type: 'varchar', length: 255, nullable: true }) sourceEndpoint!: string | null;
  /** The NHSD-* audit headers, decoded. */
  @Column({ name: 'audit_headers', type: 'simple-json' }) auditHeaders!: Record<string, unknown>;
  /** The Bundle exactly as received (JSON text). */
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'varchar', length: 16 }) state!: InboxState;
  @Column({ name: 'response_status', type: 'integer', nullable: true }) responseStatus!: number | null;
  /**
   * What processing produced (ids and an outcome only, no patient data): an `InboundResult` of
   * libs/messaging, opaque here because persistence sits beside messaging, not above it. InboxService types it.
   */
  @Column({ type: 'simple-json', nullable: true }) response!: StoredResult | null;
  /** SHA-256 (hex) of what makes a retry a retry; null on rows written before it was kept. */
  @Column({ type: 'varchar', length: 64, nullable: true }) digest!: string | null;
  /** Processing attempts that recorded an answer (a rolled-back attempt leaves no trace here). */
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @Column({ name: 'received_at', type: 'varchar', length: 24 }) receivedAt!: string;
  @Column({ name: 'updated_at', type: 'varchar', length: 24 }) updatedAt!: string;
  @Column({ name: 'completed_at', type: 'varchar', length: 24, nullable: true }) completedAt!: string | null;
}
