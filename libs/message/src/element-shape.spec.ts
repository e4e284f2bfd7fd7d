import { RecError } from '@hub/fhir';
import { checkBundleElements, elementShapeError } from './element-shape';

function refusal(fn: () => void): RecError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RecError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('elementShapeError', () => {
  const check = (key: string, value: unknown, atRoot = false) => elementShapeError('Patient', key, value, undefined, atRoot);

  it('passes well-formed elements', () => {
    expect(check('identifier', [{ system: 's', value: 'v' }], true)).toBeUndefined();
    expect(check('extension', [{ url: 'u', valueString: 'x' }])).toBeUndefined();
    expect(check('reference', 'Patient/1')).toBeUndefined();
    expect(check('birthDate', '2000-01-31')).toBeUndefined();
    expect(check('_birthDate', { extension: [{ url: 'u', valueString: 'x' }] })).toBeUndefined();
  });

  it.each([
    ['null', 'name', null, false],
    ['an empty string', 'gender', '', false],
    ['an empty object', 'meta', {}, true],
    ['an empty array', 'name', [], true],
    ['an empty object in a list', 'actor', [{ reference: 'a' }, {}], true],
    ['a reference that is not a string', 'reference', ['a'], false],
    ['a root identifier that is an object', 'identifier', { junk: 1 }, true],
    ['an extension with value and extensions (ext-1)', 'extension', [{ url: 'u', valueString: 'x', extension: [] }], false],
    ['an extension without url', 'extension', [{ valueString: 'x' }], false],
    ['a profile that is not a string', 'profile', [{}], false],
    ['a date that is an object', 'birthDate', { a: 1 }, true],
    ['a resource id that is not a FHIR id', 'id', 'a b', true],
  ])('refuses %s, naming the element and not the value', (_what, key, value, atRoot) => {
    const error = check(key, value, atRoot);
    expect(error).toBeInstanceOf(RecError);
    expect(error?.message).toContain(`Patient.${key}`);
  });
});

describe('checkBundleElements', () => {
  it.each([
    ['id', { id: { a: 1 } }],
    ['timestamp', { timestamp: 5 }],
    ['meta.lastUpdated', { meta: { lastUpdated: ['x'] } }],
    ['meta.profile', { meta: { profile: [1] } }],
    ['meta', { meta: 'x' }],
  ])('refuses a Bundle.%s of the wrong JSON type', (element, bundle) => {
    expect(refusal(() => checkBundleElements({ resourceType: 'Bundle', type: 'message', ...bundle })).message).toContain(
      `Bundle.${element}`,
    );
  });
});
