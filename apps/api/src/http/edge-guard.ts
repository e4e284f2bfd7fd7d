import { RecError, outcomeOf } from '@hub/fhir';
import { decodeBase64Json } from '@hub/message';
import type { NextFunction, Request, Response } from 'express';
import { sendFhir } from './fhir-response';
import { assertSafeJson, assertSafeParameter, rootName } from './safe-input';

/** Headers that carry base64-encoded JSON the hub decodes and stores (BARS.md §1.3). */
const JSON_HEADERS: Record<string, string> = {
  'nhsd-target-identifier': 'NHSD-Target-Identifier',
  'nhsd-end-user-organisation': 'NHSD-End-User-Organisation',
  'nhsd-requesting-software': 'NHSD-Requesting-Software',
  'nhsd-requesting-practitioner': 'NHSD-Requesting-Practitioner',
};

function refuse(res: Response, error: RecError): void {
  sendFhir(res, error.status, outcomeOf(error));
}

/** Path segments, query parameters and decoded JSON headers, checked before any route runs. */
function assertSafeRequest(req: Request): void {
  const url = new URL(req.originalUrl, 'http://edge.invalid');
  for (const raw of url.pathname.split('/')) {
    let segment = raw;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw RecError.badRequest('invalid', 'The request path is not correctly percent-encoded');
    }
    assertSafeParameter('A segment of the request path', segment);
  }
  for (const [name, value] of url.searchParams) {
    const shown = /^[A-Za-z0-9_.:-]{1,64}$/.test(name) ? `The query parameter ${name}` : 'A query parameter name';
    assertSafeParameter(shown, name);
    assertSafeParameter(shown, value);
  }
  for (const [name, shown] of Object.entries(JSON_HEADERS)) {
    const raw = req.headers[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    const decoded = value === undefined ? undefined : decodeBase64Json(value.trim());
    if (decoded !== undefined) assertSafeJson(decoded, `The ${shown} header's`);
  }
}

/**
 * The first line of defence against hostile bytes and shapes: a NUL or other control character in the
 * path, a query parameter or a decoded JSON header, or an over-long parameter, gets a 400 OperationOutcome
 * naming it. Bodies are checked once parsed (`safeJsonBody`, and `parseJsonBody` for messages).
 */
export function edgeGuard(req: Request, res: Response, next: NextFunction): void {
  try {
    assertSafeRequest(req);
  } catch (error) {
    if (error instanceof RecError) return refuse(res, error);
    throw error;
  }
  next();
}

/** After the JSON body parser: the parsed body passes the same check. */
export function safeJsonBody(req: Request, res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (body === null || typeof body !== 'object') return next();
  try {
    assertSafeJson(body, rootName(body));
  } catch (error) {
    if (error instanceof RecError) return refuse(res, error);
    throw error;
  }
  next();
}
