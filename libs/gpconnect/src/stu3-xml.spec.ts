import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fromXml, toXml } from './stu3-xml';

// The spec's own STU3 examples, copied into the repository's test fixtures (test/fixtures/gpconnect/SOURCES.md).
const ROOT = resolve(__dirname, '../../../test/fixtures/gpconnect/spec-1.2.7');
const files = ['foundations', 'appointments'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => `${dir}/${f}`),
);

/** Deep equality regardless of key order (XML puts elements in definition order). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
  );
}

/**
 * Two spec examples break STU3 cardinalities (Location.address as a list; Organization.address and
 * Organization/Location.telecom as one object), which no serialiser can carry into XML and back: those
 * elements are left out of the expectation. Everything else must survive exactly.
 */
function withoutShapeErrors(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutShapeErrors);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  const type = (value as Record<string, unknown>).resourceType;
  for (const [k, v] of Object.entries(value)) {
    const drop =
      (type === 'Location' && k === 'address' && Array.isArray(v)) ||
      (type === 'Organization' && (k === 'address' || k === 'telecom') && !Array.isArray(v)) ||
      (type === 'Location' && k === 'telecom' && !Array.isArray(v));
    if (!drop) copy[k] = withoutShapeErrors(v);
  }
  return copy;
}

describe('STU3 XML', () => {
  it('has examples to test', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)('round-trips %s: JSON → XML → the same JSON', (file) => {
    const json = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>;
    const xml = toXml(json);
    expect(xml).toMatch(/^(<\?xml[^>]*>)?<[A-Za-z]+ xmlns="http:\/\/hl7\.org\/fhir">/);
    expect(canonical(fromXml(xml))).toEqual(canonical(withoutShapeErrors(json)));
  });

  it('refuses what is not FHIR XML with 400 BAD_REQUEST', () => {
    expect(() => fromXml('<not-closed')).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', status: 400 }));
    expect(() => fromXml('{"resourceType":"Patient"}')).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});
