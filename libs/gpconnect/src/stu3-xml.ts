import { Fhir, ParseConformance } from 'fhir';
import { SpineError } from './spine-error';

/*
 * FHIR XML for the STU3 surface, by the `fhir` package (JSON↔XML by the resources' structure
 * definitions). It ships R4 definitions only, so those are copied and patched where STU3 (3.0.1)
 * differs for the resources this surface reads or writes; the round-trip tests over the spec's own
 * examples (test/fixtures/gpconnect) are what keep this honest.
 */
interface Property {
  _name: string;
  _type: string;
  _multiple: boolean;
  _required?: boolean;
  _properties?: Property[];
}
type Definitions = Record<string, { _properties: Property[] }>;

function props(defs: Definitions, path: string): Property[] {
  const [type, ...rest] = path.split('.');
  let list: Property[] | undefined = defs[type]?._properties;
  for (const name of rest) list = list?.find((p) => p._name === name)?._properties;
  if (!list) throw new Error(`no definition for ${path}`);
  return list;
}

/** Makes an element single-valued, as STU3 has it. */
function single(defs: Definitions, path: string, name: string): void {
  const p = props(defs, path).find((x) => x._name === name);
  if (p) p._multiple = false;
}

/** Adds an STU3-only element after another, with its `_name` companion for primitive extensions. */
function add(defs: Definitions, path: string, after: string, p: Property, primitive = false): void {
  const list = props(defs, path);
  const at = list.findIndex((x) => x._name === after);
  const extra: Property[] = primitive ? [p, { _name: `_${p._name}`, _type: 'Element', _multiple: p._multiple }] : [p];
  list.splice(at < 0 ? list.length : at + 1, 0, ...extra);
}

function stu3Parser(): ParseConformance {
  const parser = new ParseConformance(true);
  const defs = structuredClone(parser.parsedStructureDefinitions) as unknown as Definitions;
  for (const type of ['Appointment', 'Schedule', 'Slot']) single(defs, type, 'serviceCategory');
  add(defs, 'Appointment', 'reasonReference', { _name: 'reason', _type: 'CodeableConcept', _multiple: true });
  add(defs, 'Appointment', 'reason', { _name: 'indication', _type: 'Reference', _multiple: true });
  add(defs, 'Appointment', 'basedOn', { _name: 'incomingReferral', _type: 'Reference', _multiple: true });
  add(defs, 'CapabilityStatement', 'fhirVersion', { _name: 'acceptUnknown', _type: 'code', _multiple: false }, true);
  add(defs, 'CapabilityStatement', 'implementationGuide', { _name: 'profile', _type: 'Reference', _multiple: true });
  // References in STU3 where R4 has canonicals.
  for (const [path, name] of [
    ['CapabilityStatement.rest.resource', 'profile'],
    // rest.operation shares the definition of rest.resource.operation.
    ['CapabilityStatement.rest.resource.operation', 'definition'],
  ]) {
    const p = props(defs, path).find((x) => x._name === name);
    if (p) p._type = 'Reference';
  }
  parser.parsedStructureDefinitions = defs as unknown as ParseConformance['parsedStructureDefinitions'];
  return parser;
}

let fhir: Fhir | undefined;
const converter = (): Fhir => (fhir ??= new Fhir(stu3Parser()));

/**
 * Builds the converter now (about a third of a second: the definitions are loaded and patched), so
 * that a definition the patch cannot find stops the boot instead of failing XML requests.
 */
export function prepareXml(): void {
  converter();
}

/** A resource as FHIR XML. */
export function toXml(resource: object): string {
  return converter().objToXml(resource);
}

/** A FHIR XML document as a resource; malformed XML is 400 BAD_REQUEST. */
export function fromXml(xml: string): Record<string, unknown> {
  try {
    const obj = converter().xmlToObj(xml) as Record<string, unknown> | undefined;
    if (!obj || typeof obj.resourceType !== 'string') throw new Error('no resource');
    return obj;
  } catch {
    throw new SpineError('BAD_REQUEST', 'The request body is not a FHIR XML resource');
  }
}
