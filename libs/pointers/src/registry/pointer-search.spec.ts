import { encodePageToken, parsePointerSearch, searchQueryString } from './pointer-search';
import { rejectionOf } from '../../../../test/support/rec-error';

const SUBJECT = 'https://fhir.nhs.uk/Id/nhs-number|9693893123';

function rejection(query: Record<string, unknown>): { status: number; issue: string; diagnostics: string } {
  const { status, issue, diagnostics } = rejectionOf(() => parsePointerSearch(query));
  return { status, issue, diagnostics };
}

describe('parsePointerSearch', () => {
  it('reads the subject, and nothing else when nothing else is asked', () => {
    expect(parsePointerSearch({ 'subject:identifier': SUBJECT })).toEqual({ nhsNumber: '9693893123' });
  });

  it('reads every filter, tolerating sloppy system spellings (BARS.md §8)', () => {
    const search = parsePointerSearch({
      'subject:identifier': ' http://fhir.nhs.uk/id/nhs-number|9693893123 ',
      'custodian:identifier': 'https://fhir.nhs.uk/Id/ods-organization-code|rgt',
      type: 'https://snomed.info/ict|749001000000101',
      'next-page-token': encodePageToken({ createdAt: '2026-01-01T00:00:00.000Z', id: 'RGT-1' }),
      _format: 'json',
    });
    expect(search).toEqual({
      nhsNumber: '9693893123',
      custodian: 'RGT',
      typeCode: '749001000000101',
      after: { createdAt: '2026-01-01T00:00:00.000Z', id: 'RGT-1' },
    });
  });

  it.each([
    ['absent', {}],
    ['empty', { 'subject:identifier': ' ' }],
  ])('answers 400 required when the subject is %s', (_label, query) => {
    expect(rejection(query)).toMatchObject({ status: 400, issue: 'required' });
  });

  it.each([
    ['a subject without a system', { 'subject:identifier': '9693893123' }],
    ['a subject in another system', { 'subject:identifier': 'https://fhir.nhs.uk/Id/ods-organization-code|9693893123' }],
    ['a subject with a bad check digit', { 'subject:identifier': 'https://fhir.nhs.uk/Id/nhs-number|9693893124' }],
    ['a subject of letters', { 'subject:identifier': 'https://fhir.nhs.uk/Id/nhs-number|abc' }],
    ['two subjects', { 'subject:identifier': [SUBJECT, SUBJECT] }],
    ['a custodian without a system', { 'subject:identifier': SUBJECT, 'custodian:identifier': 'RGT' }],
    [
      'a custodian that is no ODS code',
      { 'subject:identifier': SUBJECT, 'custodian:identifier': 'https://fhir.nhs.uk/Id/ods-organization-code|R G' },
    ],
    ['a type in another system', { 'subject:identifier': SUBJECT, type: 'http://loinc.org|749001000000101' }],
    ['a type that is no SNOMED code', { 'subject:identifier': SUBJECT, type: 'http://snomed.info/sct|appointment' }],
    ['a page token we never issued', { 'subject:identifier': SUBJECT, 'next-page-token': 'not-a-token' }],
    ['a page token of the wrong shape', { 'subject:identifier': SUBJECT, 'next-page-token': Buffer.from('[1]').toString('base64url') }],
  ])('answers 400 value for %s', (_label, query) => {
    const error = rejection(query);
    expect(error).toMatchObject({ status: 400, issue: 'value' });
    expect(error.diagnostics).not.toContain('9693893124');
  });
});

describe('searchQueryString', () => {
  it('writes the canonical systems, encoded, without the page token', () => {
    expect(
      searchQueryString({ nhsNumber: '9693893123', custodian: 'RGT', typeCode: '749001000000101', after: { createdAt: 'x', id: 'y' } }),
    ).toBe(
      'subject:identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C9693893123' +
        '&custodian:identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fods-organization-code%7CRGT' +
        '&type=http%3A%2F%2Fsnomed.info%2Fsct%7C749001000000101',
    );
  });
});
