import type { JobsOptions } from 'bullmq';

/** Every queue of the hub. `WORKER_QUEUES` (issue #6) picks from these names. */
export const Queues = {
  /** `$process-message` and REST writes, one job per inbox row. */
  inbound: 'fhir-inbound',
  /** Pointer changes for the NRL, one job per outbox row (only each chain's oldest unfinished row is queued). */
  pointers: 'pointers',
} as const;
export type QueueName = (typeof Queues)[keyof typeof Queues];

/**
 * Job data is ids only: the Bundle stays in the inbox table, so no patient data ever reaches Redis.
 * `requestId` and `correlationId` are carried for log correlation in the worker.
 */
export interface InboundJobData {
  inboxId: string;
  requestId: string;
  correlationId: string;
}

/** Jobs of `$process-message`, one per operation the gate classified. */
export type MessageJobName = 'appointment.book' | 'appointment.update' | 'appointment.cancel';
/** Jobs of the REST writes on `/Appointment` (Appointment Management Foundation). */
export type RestJobName = 'rest.create' | 'rest.update' | 'rest.reschedule' | 'rest.cancel';
/** Jobs of the slot-based writes of the GP Connect surface (book, amend, cancel). */
export type DirectJobName = 'gpc.book' | 'gpc.amend' | 'gpc.cancel';
/** Every job name of the inbound queue. */
export type InboundJobName = MessageJobName | RestJobName | DirectJobName;

const inboundJobNames: ReadonlySet<string> = new Set<InboundJobName>([
  'appointment.book',
  'appointment.update',
  'appointment.cancel',
  'rest.create',
  'rest.update',
  'rest.reschedule',
  'rest.cancel',
  'gpc.book',
  'gpc.amend',
  'gpc.cancel',
]);

/** True for a name the inbound queue's worker handles (a stored inbox row's `job_name` is plain text). */
export function isInboundJobName(name: string): name is InboundJobName {
  return inboundJobNames.has(name);
}

/**
 * What a change wrote, as far as the answer needs it: the answer is read back from these rows, never
 * rebuilt from the request. Ids only, so no patient data reaches Redis.
 */
export interface Written {
  /** The Appointment the sender is left with (after a rebook, the new one), at the version this change wrote. */
  appointment: { id: string; versionId: number };
  /** Hub ids of the message's other entries, keyed by entry fullUrl: Slot (read back as stored), Patient, Schedule. */
  ids: Record<string, string>;
}

/**
 * The one answer from the worker to the sender: returned by the job (BullMQ keeps it in Redis), stored on
 * the inbox row (replayed to retries), and answered by the api. A success carries what was written; a
 * refusal its OperationOutcome.
 */
export interface InboundResult {
  status: number;
  written?: Written;
  outcome?: fhir4.OperationOutcome;
  /** Response headers of a refusal made by the api itself (`Retry-After` on 408 and 425). */
  headers?: Record<string, string>;
  /** Why the appointment book refused a slot-based write (its `RefusalReason`), for the surface's own error code. */
  refusal?: string;
}

/** The backoff type of the inbound queue: doubling from 500 ms, capped (`inboundRetryDelay`). */
export const INBOUND_BACKOFF = 'capped-exponential';

/**
 * Retry policy of the inbound queue. Business failures never reach it (the worker returns them as a
 * result); these retries are for infrastructure faults, which are retried for as long as
 * `INBOUND_RETRY_WINDOW_MS` allows: the worker, not this count, decides when a job is finished
 * (`UnrecoverableError`), so `attempts` is only a backstop. Failed jobs are kept a week for the admin to see.
 */
export const inboundJobOptions = {
  attempts: 1_000_000,
  backoff: { type: INBOUND_BACKOFF, delay: 500 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** Delay before retry number `attemptsMade` (1 = the first retry): 500 ms doubling, never above `maxDelayMs`. */
export function inboundRetryDelay(attemptsMade: number, maxDelayMs: number, firstMs = 500): number {
  const exponent = Math.min(Math.max(attemptsMade - 1, 0), 30);
  return Math.min(firstMs * 2 ** exponent, maxDelayMs);
}

/** A pointer job: the outbox row (ids only, like every job) and its generation, bumped by a manual retry. */
export interface PointerJobData {
  outboxId: number;
  generation: number;
}

export type PointerJobName = 'pointer.send';

/** One job per outbox row and generation: adding it again, from any worker's relay, is a no-op. */
export function pointerJobId(data: PointerJobData): string {
  return `outbox-${data.outboxId}-${data.generation}`;
}

/**
 * Retry policy of the pointers queue, from the settings: timeouts, 429 and 5xx are retried with
 * exponential backoff; the row itself records the last error and, at the end, the failure.
 */
export function pointerJobOptions(attempts: number, backoffMs: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
