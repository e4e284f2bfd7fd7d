import { RecError } from '@hub/fhir';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

/** The BaRS headers of one request, checked (BARS.md §1.3) and decoded. */
export interface BarsHeaders {
  /** Lower-cased, so that one UUID in two casings is one request. */
  requestId: string;
  correlationId: string;
  /** Decoded `NHSD-Target-Identifier`: the service the proxy routed the request to. */
  target: { system: string; value: string };
  /** Decoded NHSD-End-User-Organisation / -Requesting-Software / -Requesting-Practitioner, kept for audit. */
  audit: Record<string, unknown>;
}

function header(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}

/** Decodes a base64 JSON header; undefined when it is not base64 of a JSON object. */
export function decodeBase64Json(value: string): Record<string, unknown> | undefined {
  if (!BASE64.test(value)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function transactionId(headers: HeaderBag, name: string): string {
  const value = header(headers, name.toLowerCase());
  if (value === undefined) throw RecError.badRequest('required', `The ${name} header is required`);
  if (!UUID.test(value)) throw RecError.badRequest('value', `The ${name} header must be a UUID`);
  return value.toLowerCase();
}

/** `X-Request-Id` and `X-Correlation-Id`: "reject any message with no X-Request-ID and X-Correlation-ID, without exception". */
export function parseTransactionIds(headers: HeaderBag): { requestId: string; correlationId: string } {
  return { requestId: transactionId(headers, 'X-Request-Id'), correlationId: transactionId(headers, 'X-Correlation-Id') };
}

export function parseTargetIdentifier(headers: HeaderBag): { system: string; value: string } {
  const raw = header(headers, 'nhsd-target-identifier');
  if (raw === undefined) throw RecError.badRequest('required', 'The NHSD-Target-Identifier header is required');
  const decoded = decodeBase64Json(raw);
  if (decoded === undefined) {
    throw RecError.badRequest('invalid', 'The NHSD-Target-Identifier header must be base64-encoded JSON');
  }
  const { system, value } = decoded;
  if (typeof system !== 'string' || system.trim() === '' || typeof value !== 'string' || value.trim() === '') {
    throw RecError.badRequest('structure', 'The NHSD-Target-Identifier header must hold a JSON object with "system" and "value"');
  }
  return { system: system.trim(), value: value.trim() };
}

/** The access-control headers are decoded leniently: kept as sent when they do not decode (BARS.md §8.12). */
export function parseAuditHeaders(headers: HeaderBag): Record<string, unknown> {
  const audit: Record<string, unknown> = {};
  for (const name of ['nhsd-end-user-organisation', 'nhsd-requesting-software', 'nhsd-requesting-practitioner']) {
    const raw = header(headers, name);
    if (raw !== undefined) audit[name] = decodeBase64Json(raw) ?? { undecodable: raw.slice(0, 512) };
  }
  return audit;
}

export function parseBarsHeaders(headers: HeaderBag): BarsHeaders {
  const ids = parseTransactionIds(headers);
  return { ...ids, target: parseTargetIdentifier(headers), audit: parseAuditHeaders(headers) };
}
