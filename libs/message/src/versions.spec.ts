import { checkBundleVersion, checkMediaVersions, versionSupported } from './versions';
import { rejectionOf } from '../../../test/support/rec-error';

const rejection = rejectionOf;

describe('checkMediaVersions', () => {
  it.each([
    [{}, 'no headers'],
    [{ accept: 'application/fhir+json' }, 'no version'],
    [{ accept: 'application/fhir+json; version=1.4.0' }, 'major 1'],
    [{ accept: 'application/fhir+json;version=2.0.0, application/fhir+json;version=1.2.0' }, 'one supported range of two'],
    [{ 'content-type': 'application/fhir+json;version=1.0.0' }, 'the 1.4.0 spec media type'],
  ])('accepts %p (%s)', (headers, _label) => {
    expect(() => checkMediaVersions(headers, [1])).not.toThrow();
  });

  it.each([
    [{ accept: 'application/fhir+json; version=2.0.0' }, 'Accept'],
    [{ 'content-type': 'application/fhir+json; version="3.0.0"' }, 'Content-Type'],
  ])('refuses %p with 406 naming %s', (headers, name) => {
    const e = rejection(() => checkMediaVersions(headers, [1]));
    expect([e.status, e.code, e.issue]).toEqual([406, 'REC_NOT_ACCEPTABLE', 'processing']);
    expect(e.diagnostics).toContain(name);
  });
});

describe('versionSupported and checkBundleVersion', () => {
  it.each([
    ['1.0.0-alpha', ['1.*'], true],
    ['1.1.0', ['1.1.0'], true],
    ['1.1.1', ['1.1.0'], false],
    ['2.0.0', ['1.*'], false],
    ['2.0.0', ['1.*', '2.*'], true],
  ])('%s against %p → %p', (version, supported, expected) => {
    expect(versionSupported(version, supported)).toBe(expected);
  });

  it('absent → 400 invariant; unsupported → 422 not-supported', () => {
    const absent = rejection(() => checkBundleVersion({ resourceType: 'Bundle', type: 'message' }, ['1.*']));
    expect([absent.status, absent.issue]).toEqual([400, 'invariant']);
    const other = rejection(() => checkBundleVersion({ resourceType: 'Bundle', type: 'message', meta: { versionId: '7.0.0' } }, ['1.*']));
    expect([other.status, other.code, other.issue]).toEqual([422, 'REC_UNPROCESSABLE_ENTITY', 'not-supported']);
  });
});
