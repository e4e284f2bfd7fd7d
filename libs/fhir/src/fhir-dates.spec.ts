import { type RecError } from './rec-error';
import { checkTemporalElements, isFhirTemporal, lastDayOf } from './fhir-dates';

describe('FHIR date, dateTime and instant', () => {
  it.each([
    ['2021-10-06T10:00:00Z', 'instant', true],
    ['2021-10-06T10:00:00.1234567+05:30', 'instant', true],
    ['2021-10-06T10:00:00', 'instant', false],
    ['2021-10-06', 'instant', false],
    ['not a date', 'instant', false],
    ['2021-02-30T10:00:00Z', 'instant', false],
    ['2021', 'dateTime', true],
    ['2021-10', 'dateTime', true],
    ['2021-10-06T10:00:00+01:00', 'dateTime', true],
    ['2021-10-06T10:00', 'dateTime', false],
    ['2021-10-06T10:00:00', 'dateTime', false],
    ['1974-12-25', 'date', true],
    ['1974-12-25T00:00:00Z', 'date', false],
    ['1974-13-01', 'date', false],
  ] as const)('%s as %s → %s', (value, type, ok) => {
    expect(isFhirTemporal(value, type)).toBe(ok);
  });

  const refusal = (resource: unknown): RecError => {
    try {
      checkTemporalElements(resource, 'Appointment');
    } catch (error) {
      return error as RecError;
    }
    throw new Error('expected a refusal');
  };

  it('names the element and not the value', () => {
    const error = refusal({ resourceType: 'Appointment', start: '2026-12-03T11:10:00' });
    expect(error).toMatchObject({ status: 400, issue: 'value' });
    expect(error.diagnostics).toBe('Appointment.start must be a FHIR instant with a time zone');
  });

  it('walks nested elements: meta.lastUpdated, Period, birthDate', () => {
    expect(refusal({ resourceType: 'Appointment', meta: { lastUpdated: 'yesterday' } }).diagnostics).toContain(
      'Appointment.meta.lastUpdated',
    );
    expect(refusal({ resourceType: 'Appointment', requestedPeriod: [{ start: 'x' }] }).diagnostics).toContain(
      'Appointment.requestedPeriod[0].start',
    );
    expect(() => checkTemporalElements({ resourceType: 'Patient', birthDate: '1974-12-25' }, 'Patient')).not.toThrow();
    expect(refusal({ resourceType: 'Patient', birthDate: '25/12/1974' }).diagnostics).not.toContain('1974');
  });

  it('a Period start inside an Appointment may be a date; the Appointment start may not', () => {
    expect(() =>
      checkTemporalElements({ resourceType: 'Appointment', requestedPeriod: [{ start: '2026-12-03' }] }, 'Appointment'),
    ).not.toThrow();
    expect(refusal({ resourceType: 'Appointment', start: '2026-12-03' }).diagnostics).toContain('Appointment.start');
  });
});

describe('lastDayOf', () => {
  it('is the last day Date.UTC gives every month of every four-digit year', () => {
    let wrong = 0;
    for (let year = 1; year <= 9999; year++) {
      for (let month = 1; month <= 12; month++) if (lastDayOf(year, month) !== new Date(Date.UTC(year, month, 0)).getUTCDate()) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('decides which 29 February and 31st a date may name', () => {
    expect(isFhirTemporal('2024-02-29', 'date')).toBe(true);
    expect(isFhirTemporal('2023-02-29', 'date')).toBe(false);
    expect(isFhirTemporal('1900-02-29', 'date')).toBe(false);
    expect(isFhirTemporal('2000-02-29T10:00:00Z', 'instant')).toBe(true);
    expect(isFhirTemporal('0096-02-29', 'date')).toBe(true);
    expect(isFhirTemporal('2021-04-31', 'date')).toBe(false);
    expect(isFhirTemporal('2021-12-31T23:59:59+01:00', 'dateTime')).toBe(true);
    expect(isFhirTemporal('2021-02', 'dateTime')).toBe(true);
  });
});
