/**
 * FHIR instants as the hub stores and compares them: UTC, millisecond precision, ISO-8601 with `Z`.
 * BaRS allows any offset and up to 7 fractional digits (How-to-handle-times page, BARS.md §2.1);
 * JavaScript dates hold milliseconds, so digits beyond the third are dropped, never rounded up into
 * the next millisecond (two spellings of one instant must compare equal).
 */
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)(?:\.(\d{1,9}))?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d|[+-]14:00)$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parseInstant(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = INSTANT.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // The Date constructor rolls 30 February over into March; an impossible date is not an instant.
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  const fraction = (m[7] ?? '').slice(0, 3).padEnd(3, '0');
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] === '60' ? '59' : m[6]}.${fraction}${m[8]}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function nowInstant(): string {
  return new Date().toISOString();
}
