import { isR4Primitive, isR4ResourceType, r4ElementsOf, r4PrimitiveError, type R4ElementDef } from '@hub/fhir';
import { elementShapeError, referenceResolves, type InboundMessage } from '@hub/message';
import { MAX_JSON_DEPTH, hasControlCharacter, unstorable } from '../http/safe-input';

/**
 * The references of a message that its one walk found clean: `references[n]` was found in the resource of
 * `Bundle.entry[entries[n]]`, outside contained resources (where `checkMessageIntegrity` looks).
 */
export interface CleanMessage {
  references: string[];
  entries: number[];
}

/** Where a value sits, for the walk: `ENTRIES` is the root Bundle's `entry`, `ENTRY` one of its items. */
const OTHER = 0;
const ENTRIES = 1;
const ENTRY = 2;

interface Walk {
  /** Whether any string may hold a control character (the text has a `\` escape or a DEL). */
  controls: boolean;
  found: CleanMessage;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * One walk of a parsed message that tells whether the gate's element checks all pass: `assertSafeJson`
 * (control characters, nesting, stored lengths), `elementTypeError` (R4 datatypes) and the element shapes
 * of `checkMessageIntegrity` (`elementShapeError` on every element of every entry's resource, outside
 * contained resources). Returns the references for the integrity check when every one of them passes,
 * and undefined at the first doubt: the gate then runs each check as it is, which names the refusal
 * (each in its own order and words). It only answers "clean", so it never decides a refusal itself.
 * Recursion is safe: it gives up at the depth `assertSafeJson` refuses.
 */
export function cleanMessage(body: unknown, text: string): CleanMessage | undefined {
  // JSON text holds no raw control characters inside strings but DEL: any other one is a `\` escape.
  const walk: Walk = { controls: text.includes('\\') || text.includes('\u007f'), found: { references: [], entries: [] } };
  let type: string | undefined;
  if (isObject(body) && typeof body.resourceType === 'string') {
    if (!isR4ResourceType(body.resourceType)) return undefined;
    type = body.resourceType;
  }
  return walkValue(walk, body, 0, undefined, type, undefined, false, -1, OTHER) ? walk.found : undefined;
}

/**
 * One value: `key` is its property name (an item inherits its list's), `type` its R4 type for the type
 * check (undefined: not looked into), `shape` the resourceType for the shape check (undefined: outside an
 * entry's resource, or in a contained one), `atRoot` whether it is that resource itself, `entry` the index
 * of the entry it is in.
 */
function walkValue(
  walk: Walk,
  value: unknown,
  depth: number,
  key: string | undefined,
  type: string | undefined,
  shape: string | undefined,
  atRoot: boolean,
  entry: number,
  place: number,
): boolean {
  if (typeof value === 'string') return !(walk.controls && hasControlCharacter(value));
  if (value === null || typeof value !== 'object') return true;
  if (depth >= MAX_JSON_DEPTH) return false;
  if (!Array.isArray(value)) return walkObject(walk, value as Record<string, unknown>, depth, key, type, shape, atRoot, entry, place);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (place === ENTRIES && !isObject(item)) return false;
    if (!walkValue(walk, item, depth + 1, key, type, shape, false, place === ENTRIES ? i : entry, place === ENTRIES ? ENTRY : OTHER)) {
      return false;
    }
  }
  return true;
}

function walkObject(
  walk: Walk,
  node: Record<string, unknown>,
  depth: number,
  parentKey: string | undefined,
  declared: string | undefined,
  shape: string | undefined,
  atRoot: boolean,
  entry: number,
  place: number,
): boolean {
  if (unstorable(node, parentKey) !== undefined) return false;
  // A list of `Resource` is checked item by item (by `elementType`): each is typed by its own resourceType.
  const type = declared === 'Resource' ? (node.resourceType as string) : declared;
  const defs = type === undefined || type === '' ? undefined : r4ElementsOf(type);
  for (const key in node) {
    if (walk.controls && hasControlCharacter(key)) return false;
    const value = node[key];
    let childType: string | undefined;
    if (defs !== undefined && key !== 'resourceType' && !key.startsWith('_')) {
      childType = elementType(defs[key], value);
      if (childType === undefined) return false;
    }
    let childShape = shape;
    let childAtRoot = false;
    if (shape !== undefined) {
      if (elementShapeError(shape, key, value, undefined, atRoot) !== undefined) return false;
      if (key === 'contained') childShape = undefined;
      else if (key === 'reference' && typeof value === 'string') {
        walk.found.references.push(value);
        walk.found.entries.push(entry);
      }
    }
    let childPlace = OTHER;
    if (place === ENTRY && key === 'resource') {
      if (!isObject(value) || typeof value.resourceType !== 'string') return false;
      childShape = value.resourceType;
      childAtRoot = true;
    } else if (depth === 0 && key === 'entry') childPlace = ENTRIES;
    if (!walkValue(walk, value, depth + 1, key, childType, childShape, childAtRoot, entry, childPlace)) return false;
  }
  return true;
}

/**
 * What `elementTypeError` checks of one element: the type its value (or each item of its list) is walked
 * as, `''` for a primitive (nothing under it is typed), or undefined when it would refuse the element.
 */
function elementType(def: unknown, value: unknown): string | undefined {
  if (!Array.isArray(def)) return undefined;
  const element = def as R4ElementDef;
  const list = element[1];
  const codes = element[2];
  if ((list === 1) !== Array.isArray(value)) return undefined;
  const type = element[0][0];
  const primitive = isR4Primitive(type);
  if (list !== 1) return itemTyped(type, primitive, codes, value) ? (primitive ? '' : type) : undefined;
  const items = value as unknown[];
  for (let i = 0; i < items.length; i++) if (!itemTyped(type, primitive, codes, items[i])) return undefined;
  return primitive ? '' : type;
}

function itemTyped(type: string, primitive: boolean, codes: string[] | undefined, item: unknown): boolean {
  if (primitive) return r4PrimitiveError(type, item, codes, '') === undefined;
  if (!isObject(item)) return false;
  return type !== 'Resource' || (typeof item.resourceType === 'string' && isR4ResourceType(item.resourceType));
}

/** The rest of `checkMessageIntegrity` for a clean message: every reference it found resolves. */
export function referencesResolve(message: InboundMessage, clean: CleanMessage): boolean {
  const entries = message.bundle.entry ?? [];
  for (let n = 0; n < clean.references.length; n++) {
    const from = (entries[clean.entries[n]]?.fullUrl ?? '').trim();
    if (!referenceResolves(message.index, clean.references[n].trim(), from)) return false;
  }
  return true;
}
