import { RecError } from '@hub/fhir';
import { checkMediaVersions, parseTransactionIds, type HeaderBag } from '@hub/message';
import type { Request } from 'express';

const JSON_ACCEPT = /(^|,)\s*(\*\/\*|application\/\*|application\/json|application\/fhir\+json|application\/json\+fhir)\s*(;|,|$)/i;
const JSON_FORMATS = ['json', 'application/json', 'application/fhir+json'];

/**
 * Content negotiation for the REST surface: `Accept` must allow FHIR JSON (with or without `version=`,
 * whose major must be supported), `_format` may say `json`; anything else is 406 REC_NOT_ACCEPTABLE.
 */
export function checkNegotiation(req: Request, supportedMajors: readonly number[]): void {
  const accept = req.header('accept');
  if (accept !== undefined && accept.trim() !== '' && !JSON_ACCEPT.test(accept)) {
    throw new RecError('REC_NOT_ACCEPTABLE', 'processing', 'This receiver answers only in application/fhir+json');
  }
  const format = req.query._format;
  if (format !== undefined && (typeof format !== 'string' || !JSON_FORMATS.includes(format.toLowerCase()))) {
    throw new RecError('REC_NOT_ACCEPTABLE', 'processing', 'This receiver answers only in JSON (_format=json)');
  }
  checkMediaVersions(req.headers, supportedMajors);
}

/** Reads may come from plain FHIR clients without the BaRS ids; when sent, they must be UUIDs. */
export function checkOptionalIds(headers: HeaderBag): void {
  if (headers['x-request-id'] !== undefined || headers['x-correlation-id'] !== undefined) parseTransactionIds(headers);
}

/** `If-Match: W/"3"` → 3. Absent, or `*` ("any current version", RFC 9110 §13.1.1) → undefined. Anything else is a 400. */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '' || value.trim() === '*') return undefined;
  const m = /^(?:W\/)?"(\d+)"$/.exec(value.trim());
  if (!m) throw RecError.badRequest('value', 'If-Match must be an ETag such as W/"1"');
  return Number(m[1]);
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function appointmentId(id: string): string {
  if (!UUID.test(id)) throw RecError.badRequest('value', 'The Appointment id must be a UUID');
  return id.toLowerCase();
}

/** Query values in one list, whether sent once, repeated, or comma-separated. */
export function queryList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : []))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
