/**
 * Times on the GP Connect surface are UK local time with the offset, `yyyy-mm-ddThh:mm:ss+hh:mm`
 * (`+00:00` in GMT, `+01:00` in BST), whatever instant is stored (GPCONNECT.md §3.1, §3.3).
 */
const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const pad = (n: number): string => String(n).padStart(2, '0');

/** Wall-clock parts of an instant in Europe/London. */
function londonParts(ms: number): { y: string; mo: string; d: string; h: string; mi: string; s: string } {
  const parts: Record<string, string> = {};
  for (const part of LONDON.formatToParts(new Date(ms))) parts[part.type] = part.value;
  const get = (k: string): string => parts[k] ?? '00';
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
}

/** The UK offset in minutes (0 or 60) in force at an instant. */
export function ukOffsetMinutes(ms: number): number {
  const p = londonParts(ms);
  const wall = Date.UTC(Number(p.y), Number(p.mo) - 1, Number(p.d), Number(p.h), Number(p.mi), Number(p.s));
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** An instant (any ISO-8601 form `Date.parse` reads) as UK local time with its offset. */
export function ukLocalDateTime(instant: string | number | Date): string {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError('not an instant');
  const p = londonParts(ms);
  const off = ukOffsetMinutes(ms);
  const sign = off < 0 ? '-' : '+';
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}
