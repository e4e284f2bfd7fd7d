import type { DocumentReference } from '@hub/fhir';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildPointer, withPeriod } from './pointer-resource';

const FIXTURES = resolve(__dirname, '../../../test/fixtures/bars');
const read = (path: string): DocumentReference => JSON.parse(readFileSync(resolve(FIXTURES, path), 'utf8')) as DocumentReference;

// The values of the API's example pointer, so that the built one can be compared with it field by field.
const profile = { odsCode: 'RGT', publicBaseUrl: 'https://server.fire.ly/r4', productId: 'P.GH7-4TY', practiceSetting: '394802001' };
const facts = {
  appointmentId: 'GL0-DZOqD39',
  dosId: '2000072491',
  nhsNumber: '9693893123',
  start: '2025-02-01T06:45:00+00:00',
  end: '2025-02-01T07:00:00+00:00',
};
const NOW = '2025-02-18T14:15:25.704Z';

describe('buildPointer', () => {
  const pointer = buildPointer(profile, facts, 'RGT-3aeb90b0-7ffa-408a-babf-f20b80ce2c27', NOW);

  it("matches the API's POST-body.json except for the content stability, which is dynamic", () => {
    const example = read('api-current/document_reference/POST-body.json');
    const { id, ...built } = pointer;
    expect(id).toBe('RGT-3aeb90b0-7ffa-408a-babf-f20b80ce2c27');
    const stability = built.content[0].extension?.[0].valueCodeableConcept?.coding?.[0];
    expect(stability).toEqual({
      system: 'https://fhir.nhs.uk/England/CodeSystem/England-NRLContentStability',
      code: 'dynamic',
      display: 'Dynamic',
    });
    const exampleStability = example.content[0].extension?.[0].valueCodeableConcept?.coding?.[0];
    if (exampleStability) Object.assign(exampleStability, stability);
    expect(built).toEqual(example);
  });

  it('carries what the EPR example requires (BaRSDocRef.json), with the NRL format code', () => {
    const epr = read('epr/BaRSDocRef.json');
    for (const key of ['identifier', 'status', 'type', 'category', 'subject', 'author', 'custodian', 'context'] as const) {
      expect(pointer[key]).toEqual(epr[key]);
    }
    expect(pointer.content[0].attachment).toEqual({ contentType: 'application/fhir+json', url: epr.content[0].attachment.url });
    expect(pointer.content[0].format?.code).toBe('urn:nhs-ic:structured');
  });

  it('leaves out the product identifier when no product id is configured', () => {
    const built = buildPointer({ ...profile, productId: undefined }, facts, 'RGT-x', NOW);
    expect(built.identifier?.map((i) => i.system)).toEqual([
      'https://fhir.nhs.uk/Id/BaRS-Identifier',
      'https://fhir.nhs.uk/Id/dos-service-id',
    ]);
  });

  it('codes another practice setting without a display it cannot know', () => {
    const built = buildPointer({ ...profile, practiceSetting: '408443003' }, facts, 'RGT-x', NOW);
    expect(built.context?.practiceSetting).toEqual({ coding: [{ system: 'http://snomed.info/sct', code: '408443003' }] });
  });

  it('names the pointer it supersedes', () => {
    const built = buildPointer(profile, facts, 'RGT-new', NOW, 'RGT-old');
    expect(built.relatesTo).toEqual([{ code: 'replaces', target: { type: 'DocumentReference', identifier: { value: 'RGT-old' } } }]);
    expect(pointer.relatesTo).toBeUndefined();
  });
});

describe('withPeriod', () => {
  it('changes only the period and lastUpdated', () => {
    const before = buildPointer(profile, facts, 'RGT-x', NOW);
    const after = withPeriod(before, '2025-03-01T09:00:00.000Z', '2025-03-01T09:15:00.000Z', '2025-02-20T00:00:00.000Z');
    expect(after.context?.period).toEqual({ start: '2025-03-01T09:00:00.000Z', end: '2025-03-01T09:15:00.000Z' });
    expect(after.meta?.lastUpdated).toBe('2025-02-20T00:00:00.000Z');
    expect({ ...after, meta: before.meta, context: before.context }).toEqual(before);
    expect(after.context?.practiceSetting).toEqual(before.context?.practiceSetting);
  });
});
