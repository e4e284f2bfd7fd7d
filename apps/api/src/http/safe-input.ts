import { RecError } from '@hub/fhir';
import { ColumnLimits } from '@hub/persistence';

/**
 * One check for everything a sender can put in front of the database: JSON bodies, decoded JSON headers,
 * query parameters and path segments. Each refusal names the element (never its value: it may be patient
 * data) and is decided in the api before anything is stored or queued.
 */

/** Nesting deeper than any FHIR resource the hub reads; deeper JSON only costs stack and time. */
export const MAX_JSON_DEPTH = 64;
/** Longest query parameter value or path segment: every one the hub serves is an id, a code or a token. */
export const MAX_PARAMETER_CHARS = 256;

/**
 * C0 controls other than tab, line feed and carriage return, and DEL. FHIR R4 §2.24.0.1 (string):
 * "Strings SHOULD not contain Unicode character points below 32, except for u0009, u000D and u000A";
 * PostgreSQL cannot store U+0000 in text or jsonb at all.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Property names shown in diagnostics as they are; anything else is shown as `<property>`. */
const PLAIN_KEY = /^[A-Za-z0-9_$:.-]{1,64}$/;

const refuse = (issue: 'invalid' | 'too-costly' | 'value', diagnostics: string): RecError => RecError.badRequest(issue, diagnostics);
const show = (path: string): string => (path.length > 200 ? `${path.slice(0, 200)}…` : path);

function systemIs(system: unknown, id: string): boolean {
  return typeof system === 'string' && system.toLowerCase().replace(/^https?:\/\//, '') === id;
}

/** Stored identifiers must fit their columns (`ColumnLimits`): what is wrong, after the identifier's place. */
function identifierTooLong(node: Record<string, unknown>): string | undefined {
  const { system, value } = node;
  if (typeof value !== 'string') return undefined;
  if (systemIs(system, 'fhir.nhs.uk/id/nhs-number') && value.length > ColumnLimits.nhsNumber) {
    return `.value: an NHS number is at most ${ColumnLimits.nhsNumber} characters`;
  }
  if (systemIs(system, 'fhir.nhs.uk/id/dos-service-id') && value.length > ColumnLimits.dosServiceId) {
    return `.value: a DoS service id is at most ${ColumnLimits.dosServiceId} characters`;
  }
  const system_ = typeof system === 'string' ? system : '';
  if (system_.length + 1 + value.length > ColumnLimits.identifierKey) {
    return `: system and value together are at most ${ColumnLimits.identifierKey - 1} characters`;
  }
  return undefined;
}

/**
 * What of an object (a property of `parentKey`, or an item of its list) is too long to store, as the
 * diagnostics that follow the object's place; undefined when it fits.
 */
export function unstorable(node: Record<string, unknown>, parentKey: string | undefined): string | undefined {
  const identifier = parentKey === 'identifier' ? identifierTooLong(node) : undefined;
  if (identifier !== undefined) return identifier;
  if (node.resourceType === 'HealthcareService' && typeof node.name === 'string' && node.name.length > ColumnLimits.serviceName) {
    return `.name: at most ${ColumnLimits.serviceName} characters`;
  }
  return undefined;
}

function checkObject(node: Record<string, unknown>, at: () => string, parentKey: string | undefined): void {
  const wrong = unstorable(node, parentKey);
  if (wrong !== undefined) throw refuse('value', `${show(at())}${wrong}`);
}

/** Whether a string holds a character {@link assertSafeJson} refuses. */
export function hasControlCharacter(value: string): boolean {
  return CONTROL.test(value);
}

/** Where a value sits: its container's place and its own property name or index (none for the root). */
interface Place {
  readonly parent: Place | undefined;
  readonly step: string | number | undefined;
}

/** `Bundle.entry[0].resource.<property>`: spelled out only when something is refused. */
function spell(root: string, parent: Place | undefined, step: string | number | undefined): string {
  const parts: string[] = [];
  for (let p: Place | undefined = { parent, step }; p !== undefined; p = p.parent) {
    if (p.step !== undefined) parts.push(typeof p.step === 'number' ? `[${p.step}]` : `.${PLAIN_KEY.test(p.step) ? p.step : '<property>'}`);
  }
  return root + parts.reverse().join('');
}

/**
 * Walks a parsed JSON value without recursion (a 300,000-deep array must not overflow the stack) and
 * throws a 400 RecError at the first control character, over-deep nesting or over-long stored value.
 * `root` names the value in diagnostics (`Bundle`, `Appointment`, a header name). Every message passes
 * here, so nothing is allocated per string: the stack is parallel arrays, a path is spelled out only for
 * a refusal, and numbers, booleans and nulls (which cannot be refused) are not pushed at all.
 */
export function assertSafeJson(value: unknown, root: string): void {
  const nodes: unknown[] = [value];
  const parents: Array<Place | undefined> = [undefined];
  const steps: Array<string | number | undefined> = [undefined];
  const depths: number[] = [0];
  const keys: Array<string | undefined> = [undefined];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const parent = parents.pop();
    const step = steps.pop();
    const depth = depths.pop() as number;
    const key = keys.pop();
    if (typeof node === 'string') {
      if (CONTROL.test(node))
        throw refuse(
          'invalid',
          `${show(spell(root, parent, step))} contains a control character (U+0000–U+001F other than tab and line breaks)`,
        );
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const at = (): string => spell(root, parent, step);
    if (depth >= MAX_JSON_DEPTH) throw refuse('too-costly', `${show(at())} is nested too deep (more than ${MAX_JSON_DEPTH} levels)`);
    const place: Place = { parent, step };
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) push(node[i], place, i, depth + 1, key);
      continue;
    }
    const record = node as Record<string, unknown>;
    checkObject(record, at, key);
    for (const k of Object.keys(record)) {
      if (CONTROL.test(k)) throw refuse('invalid', `${show(at())} has a property name with a control character`);
      push(record[k], place, k, depth + 1, k);
    }
  }

  function push(child: unknown, parent: Place, step: string | number, depth: number, key: string | undefined): void {
    // Only strings, objects and arrays can be refused: other values would be popped and passed over.
    if (typeof child !== 'string' && (child === null || typeof child !== 'object')) return;
    nodes.push(child);
    parents.push(parent);
    steps.push(step);
    depths.push(depth);
    keys.push(key);
  }
}

/** The name a JSON body goes by in diagnostics: its resourceType when that is a plain word. */
export function rootName(value: unknown): string {
  const type = (value as { resourceType?: unknown } | null)?.resourceType;
  return typeof type === 'string' && /^[A-Za-z]{1,64}$/.test(type) ? type : 'body';
}

/** One query parameter or path segment, as decoded. */
export function assertSafeParameter(what: string, value: string): void {
  if (CONTROL.test(value)) throw refuse('invalid', `${what} contains a control character`);
  if (value.length > MAX_PARAMETER_CHARS) throw refuse('too-costly', `${what} is longer than ${MAX_PARAMETER_CHARS} characters`);
}
