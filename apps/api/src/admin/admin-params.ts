import { RecError, parseInstant } from '@hub/fhir';

/** An optional integer query parameter within bounds; a bad one is a 400 naming it. */
export function intParam(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw RecError.badRequest('value', `${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** An optional instant query parameter, returned as ISO-8601 UTC (how the inbox stores times). */
export function instantParam(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const instant = parseInstant(raw);
  if (instant === undefined) throw RecError.badRequest('value', `${name} must be an instant such as 2031-01-06T09:00:00Z`);
  return instant;
}

/** An optional value from a fixed set. */
export function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!(allowed as readonly string[]).includes(raw)) throw RecError.badRequest('value', `${name} must be one of ${allowed.join(', ')}`);
  return raw as T;
}
