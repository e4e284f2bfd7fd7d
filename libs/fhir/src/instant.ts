/**
 * FHIR instants as the hub stores and compares them: UTC, millisecond precision, ISO-8601 with `Z`.
 * BaRS allows any offset and up to 7 fractional digits (How-to-handle-times page, BARS.md §2.1);
 * JavaScript dates hold milliseconds, so digits beyond the third are dropped, never rounded up into
 * the next millisecond (two spellings of one instant must compare equal).
 */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

export function parseInstant(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = INSTANT.exec(value.trim());
  if (!m) return undefined;
  const fraction = (m[3] ?? '').slice(0, 3).padEnd(3, '0');
  const date = new Date(`${m[1]}T${m[2]}.${fraction}${m[4]}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function nowInstant(): string {
  return new Date().toISOString();
}
