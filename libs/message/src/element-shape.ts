import { RecError, badTemporal, isFhirTemporal, pathOf, temporalTypeOf, type JsonPlace } from '@hub/fhir';

/** R4 `id`: "Any combination of upper- or lower-case ASCII letters, numerals, '-' and '.', length ≤ 64" (R4 datatypes). */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Elements that are lists (0..*) wherever R4 uses the name, so a single value or an object is a JSON-type error. */
const LISTS = new Set([
  'extension',
  'modifierExtension',
  'coding',
  'profile',
  'given',
  'prefix',
  'suffix',
  'line',
  'telecom',
  'security',
  'tag',
]);
/** Elements that are lists on a resource itself (R4 resources of a BaRS message; `Reference.identifier` is single). */
const ROOT_LISTS = new Set(['identifier', 'contained']);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The JSON shape of one element of an incoming resource, by the rules R4's JSON format and its base
 * invariants set for every element (R4 json.html: no nulls, no empty strings, objects or arrays;
 * ele-1 "All FHIR elements must have a @value or children"; ext-1 "Must have either extensions or
 * value[x], not both"; the `id` datatype; `reference` is a string; lists are arrays; dates are
 * strings of their type). It needs no StructureDefinitions, so it runs inside the walk every message
 * already gets. Returns the refusal naming the element (never its value), or undefined.
 */
export function elementShapeError(
  type: string,
  key: string,
  value: unknown,
  holder: JsonPlace | undefined,
  atRoot: boolean,
): RecError | undefined {
  if (value === null) return RecError.badRequest('structure', `${elementPath(type, holder, key)} must not be null`);
  if (value === '') return RecError.badRequest('value', `${elementPath(type, holder, key)} must not be an empty string`);
  // `_birthDate` and the like hold a primitive's extensions, not the date.
  const temporal = key.startsWith('_') ? undefined : temporalTypeOf(type, key, atRoot);
  if (temporal !== undefined && (typeof value !== 'string' || !isFhirTemporal(value, temporal))) {
    return badTemporal(elementPath(type, holder, key), temporal);
  }
  if (key === 'reference' && typeof value !== 'string')
    return RecError.badRequest('structure', `${elementPath(type, holder, key)} must be a string`);
  if (key === 'id' && (typeof value !== 'string' || (atRoot && !FHIR_ID.test(value)))) {
    return RecError.badRequest('value', `${elementPath(type, holder, key)} must be a FHIR id (up to 64 letters, digits, '-' or '.')`);
  }
  if (key === 'url' && typeof value !== 'string')
    return RecError.badRequest('structure', `${elementPath(type, holder, key)} must be a string`);
  if (Array.isArray(value)) {
    if (value.length === 0) return RecError.badRequest('structure', `${elementPath(type, holder, key)} must not be an empty array`);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null || item === '' || Array.isArray(item) || (isObject(item) && Object.keys(item).length === 0)) {
        return RecError.badRequest(
          'structure',
          `${elementPath(type, holder, key)}[${i}] must be a value or an object with elements (ele-1)`,
        );
      }
      if ((key === 'extension' || key === 'modifierExtension') && !isExtension(item)) {
        return RecError.badRequest(
          'structure',
          `${elementPath(type, holder, key)}[${i}] must have a url and either a value[x] or extensions, not both (ext-1)`,
        );
      }
      if ((key === 'profile' || key === 'given' || key === 'prefix' || key === 'suffix' || key === 'line') && typeof item !== 'string') {
        return RecError.badRequest('structure', `${elementPath(type, holder, key)}[${i}] must be a string`);
      }
      if ((key === 'coding' || key === 'identifier' || key === 'telecom') && !isObject(item)) {
        return RecError.badRequest('structure', `${elementPath(type, holder, key)}[${i}] must be an object`);
      }
    }
    return undefined;
  }
  if (LISTS.has(key) || (atRoot && ROOT_LISTS.has(key)))
    return RecError.badRequest('structure', `${elementPath(type, holder, key)} must be an array`);
  if (isObject(value) && Object.keys(value).length === 0)
    return RecError.badRequest('structure', `${elementPath(type, holder, key)} must not be empty (ele-1)`);
  return undefined;
}

/** `Appointment.participant[0].actor.reference`: spelled only for a refusal. */
function elementPath(type: string, holder: JsonPlace | undefined, key: string): string {
  return `${pathOf(type, holder)}.${key}`;
}

/** ext-1 and the url every extension has (R4 Extension). */
function isExtension(item: unknown): boolean {
  if (!isObject(item) || typeof item.url !== 'string' || item.url === '') return false;
  let values = 0;
  for (const k in item) if (k.startsWith('value')) values++;
  return item.extension === undefined ? values === 1 : values === 0;
}

/**
 * The Bundle's own elements, which the hub reads (`id`, `meta.versionId`) or checks: JSON types and
 * formats, 400 naming the element. Entries are checked by the message's integrity walk.
 */
export function checkBundleElements(bundle: Record<string, unknown>): void {
  for (const key in bundle) {
    if (key === 'entry') continue;
    const value = bundle[key];
    const error = elementShapeError('Bundle', key, value, undefined, true);
    if (error) throw error;
    if (key === 'meta' || key === 'identifier' || key === 'signature') {
      if (!isObject(value)) throw RecError.badRequest('structure', `Bundle.${key} must be an object`);
      const place = { parent: undefined, key };
      for (const inner in value) {
        const innerError = elementShapeError('Bundle', inner, value[inner], place, false);
        if (innerError) throw innerError;
      }
    }
  }
  const meta = bundle.meta as Record<string, unknown> | undefined;
  if (meta?.versionId !== undefined && typeof meta.versionId !== 'string') {
    throw RecError.badRequest('structure', 'Bundle.meta.versionId must be a string');
  }
}
