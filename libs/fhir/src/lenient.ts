/**
 * Comparisons that tolerate what real BaRS senders send (BARS.md §8): `http`/`https`, `/Id/` or `/id/`,
 * `CodeSystem`/`Codesystem`, and the `snomed.info/ict` typo.
 */

/** Normalises a URI used as a system or endpoint prefix so that sloppy spellings compare equal. */
export function normaliseSystem(system: string): string {
  return system
    .trim()
    .replace(/^https?:\/\//i, 'https://')
    .replace(/\/+$/, '')
    .toLowerCase()
    .replace('snomed.info/ict', 'snomed.info/sct');
}

/** Anything that is not a string (a hostile number or object included) is never the same system. */
export function sameSystem(a: unknown, b: string): boolean {
  return typeof a === 'string' && normaliseSystem(a) === normaliseSystem(b);
}

/** Case-insensitive code comparison: use-case codes arrive as `a1t1` and `A1T1`. */
export function sameCode(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.trim().toLowerCase() === b.toLowerCase();
}

/**
 * Splits a `system|value` token such as `MessageHeader.destination.endpoint`
 * (`https://fhir.nhs.uk/Id/dos-service-id|2000072489`). Returns undefined when there is no `|`.
 */
export function splitToken(token: string): { system: string; value: string } | undefined {
  const bar = token.lastIndexOf('|');
  if (bar < 0) return undefined;
  const system = token.slice(0, bar).trim();
  const value = token.slice(bar + 1).trim();
  return system === '' || value === '' ? undefined : { system, value };
}

/**
 * An element that should be a list, as a list: senders (and attackers) send objects, strings or nulls
 * where FHIR says array, and optional chaining does not protect `.map` on a non-array.
 */
export function asArray<T>(value: T[] | undefined | null): T[] {
  return Array.isArray(value) ? value : [];
}
