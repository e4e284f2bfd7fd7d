import { normaliseSystem, sameCode, sameSystem, splitToken } from './lenient';

describe('normaliseSystem', () => {
  it.each([
    ['http scheme becomes https', 'http://fhir.nhs.uk/id/dos-service-id', 'https://fhir.nhs.uk/id/dos-service-id'],
    ['https scheme is kept', 'https://fhir.nhs.uk/id/dos-service-id', 'https://fhir.nhs.uk/id/dos-service-id'],
    ['upper-case scheme', 'HTTP://fhir.nhs.uk/id/nhs-number', 'https://fhir.nhs.uk/id/nhs-number'],
    ['/Id/ path casing', 'https://fhir.nhs.uk/Id/dos-service-id', 'https://fhir.nhs.uk/id/dos-service-id'],
    ['CodeSystem casing', 'https://fhir.nhs.uk/CodeSystem/http-error-codes', 'https://fhir.nhs.uk/codesystem/http-error-codes'],
    ['Codesystem casing', 'https://fhir.nhs.uk/Codesystem/http-error-codes', 'https://fhir.nhs.uk/codesystem/http-error-codes'],
    ['snomed.info/ict typo', 'https://snomed.info/ict', 'https://snomed.info/sct'],
    ['canonical snomed', 'http://snomed.info/sct', 'https://snomed.info/sct'],
    ['trailing slashes', 'https://fhir.nhs.uk/Id/dos-service-id//', 'https://fhir.nhs.uk/id/dos-service-id'],
    ['surrounding whitespace', '  http://fhir.nhs.uk/Id/x/ \t', 'https://fhir.nhs.uk/id/x'],
    ['non-http scheme is left alone', 'urn:oid:2.16.840.1.113883', 'urn:oid:2.16.840.1.113883'],
  ])('%s', (_label, input, expected) => {
    expect(normaliseSystem(input)).toBe(expected);
  });
});

describe('sameSystem', () => {
  it.each([
    ['http://fhir.nhs.uk/Id/dos-service-id', 'https://fhir.nhs.uk/Id/dos-service-id'],
    ['https://fhir.nhs.uk/id/dos-service-id', 'https://fhir.nhs.uk/Id/dos-service-id'],
    ['https://fhir.nhs.uk/Codesystem/http-error-codes', 'https://fhir.nhs.uk/CodeSystem/http-error-codes'],
    ['https://snomed.info/ict', 'http://snomed.info/sct'],
    ['http://snomed.info/ict/', 'http://snomed.info/sct'],
    ['https://fhir.nhs.uk/Id/nhs-number ', 'https://fhir.nhs.uk/Id/nhs-number'],
  ])('treats %s as %s', (a, b) => {
    expect(sameSystem(a, b)).toBe(true);
    expect(sameSystem(b, a)).toBe(true);
  });

  it.each([
    ['https://fhir.nhs.uk/Id/nhs-number', 'https://fhir.nhs.uk/Id/dos-service-id'],
    ['https://fhir.nhs.uk/Id/dos-service-id-2', 'https://fhir.nhs.uk/Id/dos-service-id'],
    ['https://fhir.nhs.uk/Id', 'https://fhir.nhs.uk/Id/dos-service-id'],
    ['https://snomed.info/sctx', 'http://snomed.info/sct'],
    ['ftp://fhir.nhs.uk/Id/dos-service-id', 'https://fhir.nhs.uk/Id/dos-service-id'],
    ['', 'https://fhir.nhs.uk/Id/dos-service-id'],
  ])('tells %s from %s', (a, b) => {
    expect(sameSystem(a, b)).toBe(false);
  });

  it('is false when the system is missing', () => {
    expect(sameSystem(undefined, 'https://fhir.nhs.uk/Id/dos-service-id')).toBe(false);
  });
});

describe('sameCode', () => {
  it.each([
    ['a1t1', 'A1T1', true],
    ['A1T1', 'a1t1', true],
    [' a1t2 ', 'a1t2', true],
    ['a1t1', 'a1t10', false],
    ['booked', 'cancelled', false],
    [undefined, 'a1t1', false],
  ])('sameCode(%p, %p) is %p', (a, b, expected) => {
    expect(sameCode(a, b)).toBe(expected);
  });
});

describe('splitToken', () => {
  it.each([
    ['https://fhir.nhs.uk/Id/dos-service-id|2000072489', { system: 'https://fhir.nhs.uk/Id/dos-service-id', value: '2000072489' }],
    ['http://fhir.nhs.uk/Id/dos-service-id|111111111', { system: 'http://fhir.nhs.uk/Id/dos-service-id', value: '111111111' }],
    [' https://fhir.nhs.uk/Id/dos-service-id | 42 ', { system: 'https://fhir.nhs.uk/Id/dos-service-id', value: '42' }],
    ['a|b|c', { system: 'a|b', value: 'c' }],
  ])('splits %p at its last bar', (token, expected) => {
    expect(splitToken(token)).toEqual(expected);
  });

  it.each([
    ['no bar', 'https://fhir.nhs.uk/Id/dos-service-id'],
    ['empty', ''],
    ['bar only', '|'],
    ['no system', '|2000072489'],
    ['no value', 'https://fhir.nhs.uk/Id/dos-service-id|'],
  ])('returns undefined with %s', (_label, token) => {
    expect(splitToken(token)).toBeUndefined();
  });
});
