import type { RefusalReason } from '@hub/appointment';
import { SpineError, type SpineCode } from '@hub/gpconnect';

/** The Spine code of each refusal of the appointment book (GPCONNECT.md §2.2). */
const CODE_OF: Record<RefusalReason, SpineCode> = {
  // "Book: slot already booked → 409 DUPLICATE_REJECTED" (PTS Book #32).
  'slot-taken': 'DUPLICATE_REJECTED',
  // "Cancel/Amend: stale If-Match → 409 FHIR_CONSTRAINT_VIOLATION" (PTS Cancel #15).
  'stale-version': 'FHIR_CONSTRAINT_VIOLATION',
  'not-found': 'NO_RECORD_FOUND',
  // A well-formed reference to nothing: the spec's example code (GPCONNECT.md §7.2).
  'unknown-reference': 'REFERENCE_NOT_FOUND',
  invalid: 'INVALID_RESOURCE',
  past: 'INVALID_RESOURCE',
  // "Amend: appointment already cancelled → 422 INVALID_RESOURCE".
  'not-booked': 'INVALID_RESOURCE',
};

const REASONS = new Set(Object.keys(CODE_OF));

/** The refusal the worker recorded, as the error the consumer sees; `undefined` when it was no refusal. */
export function refusalError(refusal: string | undefined, diagnostics: string | undefined): SpineError | undefined {
  if (refusal === undefined || !REASONS.has(refusal)) return undefined;
  return new SpineError(CODE_OF[refusal as RefusalReason], diagnostics ?? 'The request was refused');
}
