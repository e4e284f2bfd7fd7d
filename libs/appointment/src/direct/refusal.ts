import { RecError } from '@hub/fhir';

/**
 * Why the appointment book refused a slot-based command, in words of its own: each surface turns the
 * reason into its dialect (BaRS `REC_*` codes through the RecError this is, GP Connect's Spine codes
 * through `reason`, GPCONNECT.md §2.2).
 */
export type RefusalReason =
  /** The appointment named does not exist. */
  | 'not-found'
  /** A slot or patient the command names does not exist. */
  | 'unknown-reference'
  /** The command breaks a booking rule (slots not adjacent, start/end not the slots', …). */
  | 'invalid'
  /** The appointment (or the requested time) is not in the future. */
  | 'past'
  /** A slot is no longer free. */
  | 'slot-taken'
  /** The appointment changed since the version the command was made against. */
  | 'stale-version'
  /** The appointment is no longer booked (cancelled). */
  | 'not-booked';

const AS_REC: Record<RefusalReason, (diagnostics: string) => RecError> = {
  'not-found': (d) => RecError.notFound(d),
  'unknown-reference': (d) => RecError.unprocessable('invalid', d),
  invalid: (d) => RecError.unprocessable('invalid', d),
  past: (d) => RecError.unprocessable('processing', d),
  'slot-taken': (d) => RecError.conflict(d),
  'stale-version': (d) => RecError.conflict(d),
  'not-booked': (d) => RecError.unprocessable('processing', d),
};

/** A business refusal of the appointment book: rolls the transaction back and is the final answer. */
export class Refusal extends RecError {
  constructor(
    readonly reason: RefusalReason,
    diagnostics: string,
  ) {
    const rec = AS_REC[reason](diagnostics);
    super(rec.code, rec.issue, diagnostics);
    this.name = 'Refusal';
  }
}
