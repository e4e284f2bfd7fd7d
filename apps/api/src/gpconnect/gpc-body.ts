import { SpineError, fromXml, requestFormat } from '@hub/gpconnect';
import type { Request } from 'express';

/**
 * The request's resource, from JSON or XML by `Content-Type` (anything else 415). The body was read as
 * text by gpc-http.ts. Malformed JSON or XML is 400 BAD_REQUEST.
 */
export function gpcBody(req: Request): Record<string, unknown> {
  const format = requestFormat(req.header('content-type'));
  const raw = typeof req.body === 'string' ? req.body : '';
  if (raw.trim() === '') throw new SpineError('BAD_REQUEST', 'The request body is empty');
  let parsed: unknown;
  if (format === 'xml') {
    parsed = fromXml(raw);
  } else {
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new SpineError('BAD_REQUEST', 'The request body is not valid JSON');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SpineError('INVALID_RESOURCE', 'The request body must be a FHIR resource');
  }
  assertRelativeReferences(parsed);
  return parsed as Record<string, unknown>;
}

/**
 * References in a request must be relative (`Patient/1`) or contained (`#1`); an absolute URL is 422
 * INVALID_RESOURCE (GPCONNECT.md §1.4; PTS Book #38, Amend #18–19, Cancel #23–24).
 */
export function assertRelativeReferences(value: unknown, path = ''): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertRelativeReferences(v, `${path}[${i}]`));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [k, v] of Object.entries(value)) {
    const at = path === '' ? k : `${path}.${k}`;
    if (k === 'reference' && typeof v === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(v)) {
      throw new SpineError('INVALID_RESOURCE', `${at} must be a relative reference, not an absolute URL`);
    }
    assertRelativeReferences(v, at);
  }
}
