import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesRoot } from '../../../test/support/paths';
import { RecError } from './rec-error';
import { elementTypeError } from './element-types';

type Json = Record<string, any>;

/** The official BaRS booking example (test/fixtures/PROVENANCE.md). */
const example = (): Json =>
  JSON.parse(readFileSync(join(fixturesRoot, 'bars/api-1.4.0/process_message/request/Booking (POST).json'), 'utf8'));

describe('elementTypeError', () => {
  it('passes the official booking example', () => {
    expect(elementTypeError(example(), 'Bundle')).toBeUndefined();
  });

  it.each<[string, (b: Json) => void, string]>([
    ['a list given as a string', (b) => (b.entry[6].resource.location = 'x'), 'Bundle.entry[6].resource.location must be an array'],
    ['an unknown element', (b) => (b.entry[2].resource.junk = 1), 'Bundle.entry[2].resource.junk is not an element of Patient'],
    [
      'the name of an Object method (once a TypeError, so a 500)',
      (b) => (b.entry[2].resource.toString = 'x'),
      'Bundle.entry[2].resource.toString is not an element of Patient',
    ],
    [
      'constructor',
      (b) => (b.entry[1].resource.constructor = { a: 1 }),
      'Bundle.entry[1].resource.constructor is not an element of Appointment',
    ],
    [
      'a code outside its required ValueSet',
      (b) => (b.entry[2].resource.gender = 'zz'),
      'Bundle.entry[2].resource.gender is not one of the codes FHIR R4 allows there',
    ],
    ['a string given as a number', (b) => (b.entry[3].resource.name = 5), 'Bundle.entry[3].resource.name must be a string (FHIR string)'],
    ['an object given as a string', (b) => (b.entry[4].resource.schedule = 'x'), 'Bundle.entry[4].resource.schedule must be an object'],
    [
      'a resource of no R4 type',
      (b) => (b.entry[3].resource.resourceType = '6'),
      'Bundle.entry[3].resource.resourceType is not an R4 resource type',
    ],
    [
      'a uri with spaces',
      (b) => (b.entry[0].resource.source.endpoint = 'a b'),
      'Bundle.entry[0].resource.source.endpoint is not a valid FHIR url',
    ],
  ])('refuses %s, naming the element only', (_what, mutate, diagnostics) => {
    const bundle = example();
    mutate(bundle);
    const error = elementTypeError(bundle, 'Bundle');
    expect(error).toBeInstanceOf(RecError);
    expect([error?.status, error?.diagnostics]).toEqual([400, diagnostics]);
  });
});
