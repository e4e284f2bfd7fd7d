import { RecError } from './rec-error';
import table from './r4-elements.json';

/** Per element: its type names, 1 when it is a list, and the codes a `required` binding allows. */
export type R4ElementDef = [string[], number, string[]?];
type ElementDef = R4ElementDef;

const TYPES = table.types as unknown as Record<string, Record<string, ElementDef | undefined> | undefined>;
const RESOURCE_TYPES = new Set(table.resourceTypes);
const NUMBERS = new Set(['integer', 'positiveInt', 'unsignedInt', 'decimal']);
/** R4's primitive regexes (anchored), except base64Binary's, which backtracks: a plain alphabet check there. */
const PRIMITIVES = new Map<string, RegExp | undefined>(
  Object.entries(table.primitives as Record<string, string | null>).map(([name, regex]) => [
    name,
    name === 'base64Binary' ? /^[0-9a-zA-Z+/=\s]*$/ : regex === null ? undefined : new RegExp(`^(?:${regex})$`),
  ]),
);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The elements R4 gives a type, by name, or undefined for a type the check does not look into. */
export function r4ElementsOf(typeName: string): Record<string, R4ElementDef | undefined> | undefined {
  return TYPES[typeName];
}

export function isR4ResourceType(name: string): boolean {
  return RESOURCE_TYPES.has(name);
}

/** Whether a type of the table is a primitive, checked by {@link r4PrimitiveError}. */
export function isR4Primitive(type: string): boolean {
  return PRIMITIVES.has(type);
}

/** The refusal of one value of a primitive `type` (`at` names it), or undefined when it is one. */
export function r4PrimitiveError(type: string, value: unknown, codes: string[] | undefined, at: string): RecError | undefined {
  if (type === 'boolean') return typeof value === 'boolean' ? undefined : RecError.badRequest('structure', `${at} must be a boolean`);
  if (NUMBERS.has(type)) {
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (type === 'decimal' || (Number.isInteger(value) && (type !== 'positiveInt' || value > 0) && (type !== 'unsignedInt' || value >= 0)));
    return ok ? undefined : RecError.badRequest('structure', `${at} must be a FHIR ${type}`);
  }
  if (typeof value !== 'string') return RecError.badRequest('structure', `${at} must be a string (FHIR ${type})`);
  const regex = PRIMITIVES.get(type);
  if (regex !== undefined && !regex.test(value)) return RecError.badRequest('value', `${at} is not a valid FHIR ${type}`);
  if (codes !== undefined && !codes.includes(value))
    return RecError.badRequest('value', `${at} is not one of the codes FHIR R4 allows there`);
  return undefined;
}

/**
 * The datatype check of a resource by FHIR R4's own element definitions, as a table generated from them
 * (`scripts/generate-r4-elements.mjs` → `r4-elements.json`, for the resources of BaRS messages and every
 * datatype): every property is an element of its type, a list exactly when R4 says so, of its type
 * (object, string matching the primitive's regex, number, boolean), and a `code` with a required binding
 * is one of its codes; every resource is of an R4 resource type. Resources of R4 types outside the table
 * are not looked into. One iterative pass (no recursion: a
 * hostile message may be deep). Returns the refusal naming the element (never its value), or undefined.
 * Not checked: invariants other than those of the generic shape rules, and slicing or profiles.
 */
export function elementTypeError(resource: unknown, label: string): RecError | undefined {
  if (!isObject(resource) || typeof resource.resourceType !== 'string') return undefined;
  if (!RESOURCE_TYPES.has(resource.resourceType))
    return RecError.badRequest('structure', `${label}.resourceType is not an R4 resource type`);
  const stack: Array<[Record<string, unknown>, string, string]> = [[resource, resource.resourceType, label]];
  while (stack.length > 0) {
    const [node, typeName, path] = stack.pop() as [Record<string, unknown>, string, string];
    const defs = TYPES[typeName];
    if (defs === undefined) continue;
    for (const key in node) {
      if (key === 'resourceType' || key.startsWith('_')) continue;
      // Own elements only: `toString` or `constructor` is no element of any type, not Object's method.
      const def = Object.hasOwn(defs, key) ? defs[key] : undefined;
      if (def === undefined) return RecError.badRequest('structure', `${path}.${key} is not an element of ${typeName}`);
      const [types, list, codes] = def;
      const value = node[key];
      if ((list === 1) !== Array.isArray(value)) {
        return RecError.badRequest('structure', `${path}.${key} must ${list === 1 ? '' : 'not '}be an array`);
      }
      const items: unknown[] = list === 1 ? (value as unknown[]) : [value];
      const type = types[0];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        const at = list === 1 ? `${path}.${key}[${i}]` : `${path}.${key}`;
        if (PRIMITIVES.has(type)) {
          const error = r4PrimitiveError(type, item, codes, at);
          if (error) return error;
        } else if (!isObject(item)) {
          return RecError.badRequest('structure', `${at} must be an object`);
        } else if (type === 'Resource') {
          if (typeof item.resourceType !== 'string' || !RESOURCE_TYPES.has(item.resourceType)) {
            return RecError.badRequest('structure', `${at}.resourceType is not an R4 resource type`);
          }
          stack.push([item, item.resourceType, at]);
        } else stack.push([item, type, at]);
      }
    }
  }
  return undefined;
}
