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

/** Stored identifiers must fit their columns (`ColumnLimits`). */
function checkIdentifier(node: Record<string, unknown>, path: string): void {
  const { system, value } = node;
  if (typeof value !== 'string') return;
  if (systemIs(system, 'fhir.nhs.uk/id/nhs-number') && value.length > ColumnLimits.nhsNumber) {
    throw refuse('value', `${show(path)}.value: an NHS number is at most ${ColumnLimits.nhsNumber} characters`);
  }
  if (systemIs(system, 'fhir.nhs.uk/id/dos-service-id') && value.length > ColumnLimits.dosServiceId) {
    throw refuse('value', `${show(path)}.value: a DoS service id is at most ${ColumnLimits.dosServiceId} characters`);
  }
  const system_ = typeof system === 'string' ? system : '';
  if (system_.length + 1 + value.length > ColumnLimits.identifierKey) {
    throw refuse('value', `${show(path)}: system and value together are at most ${ColumnLimits.identifierKey - 1} characters`);
  }
}

function checkObject(node: Record<string, unknown>, path: string, parentKey: string | undefined): void {
  if (parentKey === 'identifier') checkIdentifier(node, path);
  if (node.resourceType === 'HealthcareService' && typeof node.name === 'string' && node.name.length > ColumnLimits.serviceName) {
    throw refuse('value', `${show(path)}.name: at most ${ColumnLimits.serviceName} characters`);
  }
}

/**
 * Walks a parsed JSON value without recursion (a 300,000-deep array must not overflow the stack) and
 * throws a 400 RecError at the first control character, over-deep nesting or over-long stored value.
 * `root` names the value in diagnostics (`Bundle`, `Appointment`, a header name).
 */
export function assertSafeJson(value: unknown, root: string): void {
  const stack: Array<{ node: unknown; path: string; depth: number; key?: string }> = [{ node: value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth, key } = stack.pop() as { node: unknown; path: string; depth: number; key?: string };
    if (typeof node === 'string') {
      if (CONTROL.test(node))
        throw refuse('invalid', `${show(path)} contains a control character (U+0000–U+001F other than tab and line breaks)`);
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) throw refuse('too-costly', `${show(path)} is nested too deep (more than ${MAX_JSON_DEPTH} levels)`);
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], path: `${path}[${i}]`, depth: depth + 1, key });
      continue;
    }
    const record = node as Record<string, unknown>;
    checkObject(record, path, key);
    for (const k of Object.keys(record)) {
      if (CONTROL.test(k)) throw refuse('invalid', `${show(path)} has a property name with a control character`);
      stack.push({ node: record[k], path: `${path}.${PLAIN_KEY.test(k) ? k : '<property>'}`, depth: depth + 1, key: k });
    }
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
