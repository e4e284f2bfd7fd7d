import { spineCodeOf } from '../testing/spine-code';
import { parseAppointmentRange, parseSlotSearch } from './search-params';

const codeOf = spineCodeOf;
const slots = (start: string, end: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  start,
  end,
  status: 'free',
  _include: 'Slot:schedule',
  ...extra,
});

describe('free slot search parameters (GPCONNECT.md §3.1, §2.2)', () => {
  it('a date range covers whole UK days: from the first midnight to the midnight after the last day', () => {
    expect(parseSlotSearch(slots('ge2031-07-01', 'le2031-07-02'))).toMatchObject({
      from: '2031-06-30T23:00:00.000Z',
      to: '2031-07-02T23:00:00.000Z',
    });
    expect(parseSlotSearch(slots('ge2031-01-01', 'le2031-01-01'))).toMatchObject({
      from: '2031-01-01T00:00:00.000Z',
      to: '2031-01-02T00:00:00.000Z',
    });
  });

  it('PTS Slots #9 dateTimes with the UK offset are accepted, mixed with dates too', () => {
    expect(parseSlotSearch(slots('ge2031-07-01T09:00:00+01:00', 'le2031-07-03'))).toMatchObject({ from: '2031-07-01T08:00:00.000Z' });
    expect(codeOf(() => parseSlotSearch(slots('ge2031-01-01', 'le2031-01-03T10:00:00+00:00')))).toBe('accepted');
  });

  it('PTS Slots #1/#2 up to 14 days; 15 days or an end before the start → 422 INVALID_PARAMETER', () => {
    expect(codeOf(() => parseSlotSearch(slots('ge2031-01-01', 'le2031-01-15')))).toBe('accepted');
    expect(codeOf(() => parseSlotSearch(slots('ge2031-01-01', 'le2031-01-16')))).toBe('422 INVALID_PARAMETER');
    expect(codeOf(() => parseSlotSearch(slots('ge2031-01-02', 'le2031-01-01')))).toBe('422 INVALID_PARAMETER');
  });

  it('PTS Slots #3 start, end or status missing → 400 BAD_REQUEST', () => {
    expect(codeOf(() => parseSlotSearch({ status: 'free', _include: 'Slot:schedule' }))).toBe('400 BAD_REQUEST');
    expect(codeOf(() => parseSlotSearch({ end: 'le2031-01-02', status: 'free', _include: 'Slot:schedule' }))).toBe('400 BAD_REQUEST');
    expect(codeOf(() => parseSlotSearch({ start: 'ge2031-01-01', end: 'le2031-01-02', _include: 'Slot:schedule' }))).toBe(
      '400 BAD_REQUEST',
    );
  });

  it.each([
    ['PTS Slots #5 lt/gt', 'lt2031-01-01', 'gt2031-01-02'],
    ['PTS Slots #5 le/ge', 'le2031-01-01', 'ge2031-01-02'],
    ['PTS Slots #5 eq/eq', 'eq2031-01-01', 'eq2031-01-02'],
    ['PTS Slots #6 ne', 'ne2031-01-01', 'le2031-01-02'],
    ['PTS Slots #7 invalid start', 'invalidStartDate', 'le2031-01-02'],
    ['PTS Slots #7 empty start', '', 'le2031-01-02'],
    ['PTS Slots #10 no offset', 'ge2031-01-01T10:00:00', 'le2031-01-02T10:00:00'],
    ['PTS Slots #10 Z', 'ge2031-01-01T10:00:00Z', 'le2031-01-02'],
    ['PTS Slots #10 yyyy', 'ge2031', 'le2031-01-02'],
    ['PTS Slots #10 yyyy-MM', 'ge2031-01', 'le2031-01-02'],
    ['a BST offset in winter', 'ge2031-01-01T10:00:00+01:00', 'le2031-01-02'],
  ])('%s → 422 INVALID_PARAMETER', (_name, start, end) => {
    expect(codeOf(() => parseSlotSearch(slots(start, end)))).toBe('422 INVALID_PARAMETER');
  });

  it('PTS Slots #7 status busy → 422 INVALID_PARAMETER', () => {
    expect(codeOf(() => parseSlotSearch(slots('ge2031-01-01', 'le2031-01-02', { status: 'busy' })))).toBe('422 INVALID_PARAMETER');
  });

  it('PTS Slots #4/#8 unknown searchFilter systems are ignored; known ones are read', () => {
    const search = parseSlotSearch(
      slots('ge2031-01-01', 'le2031-01-02', {
        searchFilter: [
          'https://unknown|x',
          'https://fhir.nhs.uk/Id/ods-organization-code|A20047',
          'https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1|urgent-care',
        ],
        '_include:recurse': ['Schedule:actor:Practitioner', 'Location:managingOrganization'],
      }),
    );
    expect(search).toMatchObject({
      consumerOdsCode: 'A20047',
      consumerOrgType: 'urgent-care',
      includePractitioner: true,
      includeLocation: false,
      includeOrganization: true,
    });
  });
});

describe("patient's appointments range (GPCONNECT.md §3.6)", () => {
  const now = Date.parse('2031-03-10T12:00:00Z');
  const range = (...start: string[]): Record<string, unknown> => ({ start });

  it('ge and le dates, today allowed; the le day is included', () => {
    expect(parseAppointmentRange(range('ge2031-03-10', 'le2031-04-09'), now)).toEqual({
      from: '2031-03-10T00:00:00.000Z',
      to: '2031-04-09T23:00:00.000Z',
    });
  });

  it.each<[string, string[]]>([
    ['PTS Retrieve #8 yyyy', ['ge2031', 'le2031-04-01']],
    ['PTS Retrieve #8 yyyy-MM', ['ge2031-03-10', 'le2031-04']],
    ['PTS Retrieve #8 a time', ['ge2031-03-10T10:00:00', 'le2031-04-01']],
    ['PTS Retrieve #8 Z', ['ge2031-03-10', 'le2031-04-01T10:00:00Z']],
    ['PTS Retrieve #9 ge/lt', ['ge2031-03-10', 'lt2031-04-01']],
    ['PTS Retrieve #9 ge/ge', ['ge2031-03-10', 'ge2031-04-01']],
    ['PTS Retrieve #9 le/le', ['le2031-03-10', 'le2031-04-01']],
    ['PTS Retrieve #9 eqs/le', ['eqs2031-03-10', 'le2031-04-01']],
    ['PTS Retrieve #9 random', ['random123', 'le2031-04-01']],
    ['PTS Retrieve #10 only one', ['le2031-04-01']],
    ['PTS Retrieve #11 unprefixed past dates', ['2010-02-03', '2010-03-03']],
    ['a past ge date', ['ge2031-03-09', 'le2031-04-01']],
    ['PTS Retrieve #12 le before ge', ['ge2031-04-01', 'le2031-03-20']],
  ])('%s → 422 INVALID_PARAMETER', (_name, starts) => {
    expect(codeOf(() => parseAppointmentRange(range(...starts), now))).toBe('422 INVALID_PARAMETER');
  });
});
