/**
 * Lengths of the columns that hold values taken from what senders and publishers send, declared once:
 * the entities use them, and the api refuses a longer value before anything is stored or queued (a
 * longer value would make PostgreSQL refuse the write, and a worker spend its retries on it). The
 * migrations that created these columns are history and keep their literals; a change here needs one.
 */
export const ColumnLimits = {
  /** `patient.nhs_number` (an NHS number is 10 digits; the column allows some formatting slack). */
  nhsNumber: 16,
  /** `healthcare_service.dos_id`. */
  dosServiceId: 64,
  /** `healthcare_service.name`. */
  serviceName: 255,
  /** `schedule.identifier_key` and `slot.identifier_key`: `system|value`. */
  identifierKey: 512,
} as const;
