import { ukLocalDateTime, ukOffsetMinutes } from './uk-local-time';

describe('ukLocalDateTime (GP Connect times: UK local time with the offset)', () => {
  it.each([
    // Winter: GMT, +00:00.
    ['2026-01-15T10:00:00Z', '2026-01-15T10:00:00+00:00'],
    // Summer: BST, +01:00, whatever the stored form.
    ['2026-07-01T09:30:00.000Z', '2026-07-01T10:30:00+01:00'],
    ['2026-07-01T10:30:00+01:00', '2026-07-01T10:30:00+01:00'],
    // Spring forward, 29 March 2026 at 01:00 UTC: 00:59:59 GMT, then 02:00:00 BST.
    ['2026-03-29T00:59:59Z', '2026-03-29T00:59:59+00:00'],
    ['2026-03-29T01:00:00Z', '2026-03-29T02:00:00+01:00'],
    // Fall back, 25 October 2026 at 01:00 UTC: 01:59:59 BST, then 01:00:00 GMT (the hour repeats).
    ['2026-10-25T00:59:59Z', '2026-10-25T01:59:59+01:00'],
    ['2026-10-25T01:00:00Z', '2026-10-25T01:00:00+00:00'],
    // Midnight across the date line of the offset.
    ['2026-06-30T23:30:00Z', '2026-07-01T00:30:00+01:00'],
  ])('%s → %s', (instant, local) => {
    expect(ukLocalDateTime(instant)).toBe(local);
  });

  it('names the same instant as the input', () => {
    for (const instant of ['2026-03-29T01:00:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z']) {
      expect(Date.parse(ukLocalDateTime(instant))).toBe(Date.parse(instant));
    }
  });

  it('gives the offset in force', () => {
    expect(ukOffsetMinutes(Date.parse('2026-01-01T12:00:00Z'))).toBe(0);
    expect(ukOffsetMinutes(Date.parse('2026-08-01T12:00:00Z'))).toBe(60);
  });

  it('refuses what is not an instant', () => {
    expect(() => ukLocalDateTime('not a date')).toThrow(RangeError);
  });
});
