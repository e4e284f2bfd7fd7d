import { isTransientInfrastructureError } from '@hub/persistence';

/** Raised when a job's inbox row is gone: the api withdrew it after a failed enqueue and answered 503. */
export class WithdrawnMessageError extends Error {
  constructor(inboxId: string) {
    super(`inbox row ${inboxId} was withdrawn (its enqueue failed and the sender was told 503): nothing to do`);
    this.name = 'WithdrawnMessageError';
  }
}

/** Attempts an unexpected error (a defect rather than an outage) gets before the job gives up. */
export const UNEXPECTED_ERROR_ATTEMPTS = 5;

export type RetryDecision =
  /** Try again after the queue's capped backoff. */
  | { kind: 'retry' }
  /** Stop now and record a final 500 (when the database lets it be recorded). */
  | { kind: 'give-up'; why: string }
  /** Stop now and record nothing: there is no message to answer for. */
  | { kind: 'drop'; why: string };

/**
 * PostgreSQL refusing the data itself (class 22, data exception: a NUL byte, a value too long for its
 * column, an unsupported escape; 23502 not-null and 23514 check violations): the same statement fails the
 * same way every time, so retrying only delays the answer. The api refuses such data before it is queued;
 * this is the backstop. Unique and foreign-key violations are not here: a race can cause them, and a
 * retry then succeeds.
 */
export function isRefusedData(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && (/^22[0-9A-Z]{3}$/.test(code) || code === '23502' || code === '23514');
}

/**
 * What to do with a job whose attempt threw. Infrastructure faults are retried for as long as the
 * message can matter (`windowMs` from its acceptance); data the database refuses is final at once; a
 * withdrawn message is dropped; anything else is a defect and gets a few attempts.
 */
export function decideRetry(error: unknown, attempt: number, ageMs: number, windowMs: number): RetryDecision {
  if (error instanceof WithdrawnMessageError) return { kind: 'drop', why: 'withdrawn before it was accepted' };
  if (isRefusedData(error)) return { kind: 'give-up', why: 'the database refuses this data' };
  if (isTransientInfrastructureError(error)) {
    return ageMs > windowMs && attempt >= UNEXPECTED_ERROR_ATTEMPTS
      ? { kind: 'give-up', why: `infrastructure still failing after ${Math.round(ageMs / 1000)} s` }
      : { kind: 'retry' };
  }
  return attempt >= UNEXPECTED_ERROR_ATTEMPTS ? { kind: 'give-up', why: `failed ${attempt} times` } : { kind: 'retry' };
}
