import { call, type Answer } from './http';
import type { Hub } from './hub';
import { resource, type Json } from './messages';

/** A valid NHS number (modulus 11) made from `seed`, so that each test can have a patient of its own. */
export function nhsNumber(seed: number): string {
  for (let base = 900_000_000 + seed * 7; ; base++) {
    const digits = String(base).padStart(9, '0').slice(-9);
    const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check !== 10) return `${digits}${check === 11 ? 0 : check}`;
  }
}

/** Gives the message's Patient this NHS number, or none at all with `null`. */
export function withPatient(bundle: Json, nhs: string | null): Json {
  const patient = resource(bundle, 'Patient');
  if (nhs === null) delete patient.identifier;
  else patient.identifier = [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }];
  return bundle;
}

export const subjectQuery = (nhs: string): string => `subject:identifier=${encodeURIComponent(`https://fhir.nhs.uk/Id/nhs-number|${nhs}`)}`;

export function searchPointers(hub: Hub, query: string, headers: Record<string, string> = {}): Promise<Answer> {
  return call(hub, 'GET', `/DocumentReference?${query}`, { headers });
}

/** The current pointers of a patient, as the registry lists them (first page). */
export async function pointersOf(hub: Hub, nhs: string): Promise<Json[]> {
  const res = await searchPointers(hub, subjectQuery(nhs));
  if (res.status !== 200) throw new Error(`search answered ${res.status}: ${res.text}`);
  return (res.body.entry ?? []).map((e: Json) => e.resource);
}

/** The outbox rows of some appointments, oldest first. */
export async function outboxOf(hub: Hub, ...appointmentIds: string[]): Promise<Json[]> {
  const { rows } = await hub.sql.query(
    `SELECT id, chain_id, appointment_id, pointer_id, operation, state, reason, attempts, last_error, response_status, request_id, correlation_id
       FROM pointer_outbox WHERE appointment_id = ANY($1) ORDER BY id`,
    [appointmentIds],
  );
  return rows;
}

/**
 * Polls `probe` until it returns a value that is not undefined, for at most `timeoutMs`: tests wait for a
 * state, never for a time.
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
