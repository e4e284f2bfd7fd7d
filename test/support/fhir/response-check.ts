import { canValidate, fhirFindings, type FhirJson, type FhirVersion } from './validate';

/**
 * Which FHIR, if any, each route of the hub (api and worker) answers with. Decided by route, explicitly:
 * - not FHIR: health probes, Prometheus metrics, the admin JSON and the queue board;
 * - STU3: the GP Connect surface (`/{ODS}/STU3/1/gpconnect/…`, GP Connect's URL scheme);
 * - R4: everything else (the BaRS surface).
 * Whatever the route, a body sent as `application/fhir+json` is FHIR and is validated (the admin
 * availability answer and every OperationOutcome from the error filter are).
 */
const NOT_FHIR: RegExp[] = [/^\/health(\/|$)/, /^\/metrics\/?$/, /^\/admin(\/|$)/];
const STU3: RegExp[] = [/^\/[^/]+\/STU3\//];

export type Surface = FhirVersion | 'not-fhir';

export function surfaceOf(path: string): Surface {
  if (STU3.some((r) => r.test(path))) return 'STU3';
  if (NOT_FHIR.some((r) => r.test(path))) return 'not-fhir';
  return 'R4';
}

export interface SeenResponse {
  method: string;
  url: string;
  status: number;
  contentType: string | null;
  text: string;
}

/** What the validator finds in one response, each line naming the request; [] when it is not FHIR. */
export function responseFindings(response: SeenResponse): string[] {
  const { pathname } = new URL(response.url);
  const declaredFhir = /^application\/fhir\+json\b/i.test(response.contentType ?? '');
  if (!declaredFhir && !/\bjson\b/i.test(response.contentType ?? '')) return [];
  let surface = surfaceOf(pathname);
  if (surface === 'not-fhir' && !declaredFhir) return [];
  if (surface === 'not-fhir') surface = 'R4';
  const where = `${response.method} ${pathname} → ${response.status}`;
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return declaredFhir && response.text !== '' ? [`${where}: the body is not JSON although sent as application/fhir+json`] : [];
  }
  const resourceType = (body as { resourceType?: unknown } | null)?.resourceType;
  if (typeof resourceType !== 'string') {
    return declaredFhir ? [`${where}: an application/fhir+json body without a resourceType`] : [];
  }
  // GP Connect's STU3 validator is plugged in with useValidator('STU3', …) (test/support/fhir/validate.ts).
  if (!canValidate(surface)) return [];
  return fhirFindings(body as FhirJson, surface).map((f) => `${where}: ${resourceType} ${f.expression}: ${f.text}`);
}
