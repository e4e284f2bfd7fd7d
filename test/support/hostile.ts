import fc from 'fast-check';
import { ADMIN_TOKEN } from './hub';
import { barsHeaders, targetHeader, type Json } from './messages';

/** Strings a hostile sender picks: control characters (NUL first among them), over-long, or plain. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.string({ maxLength: 20 }), fc.integer({ min: 0, max: 31 }), fc.string({ maxLength: 20 }))
    .map(([a, c, b]) => `${a}${String.fromCharCode(c === 9 || c === 10 || c === 13 ? 0 : c)}${b}`),
  fc.constantFrom('\u0000', 'a\u0000b', '\u007f', '\u001b[31m'),
  fc.integer({ min: 17, max: 5000 }).map((n) => '9'.repeat(n)),
  fc.string({ maxLength: 40 }),
);

/** Where a request carries the hostile value. */
export type Place = 'path' | 'query' | 'target-header' | 'org-header' | 'body' | 'deep-body';

export interface RouteCase {
  method: string;
  /** `{x}` is replaced by the hostile value (percent-encoded) when it goes in the path. */
  path: string;
  params: string[];
  admin?: boolean;
  body?: (value: string) => unknown;
}

const appointment = (value: string): Json => ({
  resourceType: 'Appointment',
  status: 'booked',
  description: value,
  participant: [{ actor: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value } }, status: 'accepted' }],
});
const publication = (value: string): Json => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: [{ resource: { resourceType: 'HealthcareService', identifier: [{ system: 'https://fhir.nhs.uk/Id/dos-service-id', value }] } }],
});

/** Every input route of the api, with the query parameters it reads. */
export const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/metadata', params: ['_format'] },
  { method: 'GET', path: '/Slot', params: ['status', 'start', 'Schedule.actor:HealthcareService', '_include'] },
  {
    method: 'GET',
    path: '/Appointment',
    params: ['patient:identifier', 'patient:name', 'patient:birthdate', 'patient:address-postalcode', '_id', 'date'],
  },
  { method: 'GET', path: '/Appointment/{x}', params: [] },
  { method: 'GET', path: '/Appointment/{x}/_history', params: [] },
  { method: 'POST', path: '/Appointment', params: [], body: appointment },
  { method: 'PUT', path: '/Appointment/{x}', params: [], body: appointment },
  { method: 'DELETE', path: '/Appointment/{x}', params: [] },
  { method: 'GET', path: '/MessageDefinition', params: ['context'] },
  { method: 'GET', path: '/DocumentReference', params: ['subject:identifier'] },
  { method: 'GET', path: '/DocumentReference/{x}', params: [] },
  { method: 'GET', path: '/admin/messages', params: ['requestId', 'correlationId', 'state', 'since', 'until', 'limit'], admin: true },
  { method: 'GET', path: '/admin/messages/{x}', params: [], admin: true },
  { method: 'POST', path: '/admin/availability', params: [], admin: true, body: publication },
  { method: 'GET', path: '/admin/pointer-outbox', params: ['state'], admin: true },
  { method: 'GET', path: '/admin/queue/{x}/failed', params: ['start', 'limit'], admin: true },
  { method: 'GET', path: '/admin/queue/fhir-inbound/jobs/{x}', params: [], admin: true },
];

export interface HostileCase {
  route: RouteCase;
  place: Place;
  value: string;
  param: number;
}

export const routeCaseArb: fc.Arbitrary<HostileCase> = fc.record({
  route: fc.constantFrom(...ROUTES),
  place: fc.constantFrom<Place>('path', 'query', 'target-header', 'org-header', 'body', 'deep-body'),
  value: hostileString,
  param: fc.nat(),
});

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64');

/** The request one case makes: the route's ordinary request with the hostile value in one place. */
export function hostileRequest(c: HostileCase): {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
} {
  const { route, place, value } = c;
  const headers: Record<string, string> = barsHeaders();
  if (route.admin) headers.Authorization = `Bearer ${ADMIN_TOKEN}`;
  if (place === 'target-header') headers['NHSD-Target-Identifier'] = targetHeader(value);
  if (place === 'org-header') headers['NHSD-End-User-Organisation'] = b64({ resourceType: 'Organization', identifier: [{ value }] });
  const inPath = place === 'path' ? encodeURIComponent(value) : '6f1c3f30-3f5e-4d53-9a77-3a3b1c1f0003';
  let path = route.path.replace('{x}', inPath || 'x');
  if (place === 'query' && route.params.length > 0) {
    path += `?${new URLSearchParams({ [route.params[c.param % route.params.length]]: value }).toString()}`;
  }
  let body: string | undefined;
  if (route.body) {
    body = JSON.stringify(route.body(place === 'body' ? value : 'ordinary'));
    if (place === 'deep-body') body = body.replace('"ordinary"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  }
  return { method: route.method, path, headers, body };
}
