import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { Interaction } from './interactions';
import { SpineError } from './spine-error';

/**
 * The GP Connect access token (GPCONNECT.md §1.3, from the spec's
 * integration_cross_organisation_audit_and_provenance.md and the provider test suite's JWT.feature):
 * unsigned (`alg: none`), claims checked row by row. A missing or malformed claim is 400 BAD_REQUEST; a
 * claim resource that is not a valid FHIR resource of its type is 422 INVALID_RESOURCE.
 */
export interface GpcClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  requestedScope: string;
  device: fhir3.Device;
  organization: fhir3.Organization;
  practitioner: fhir3.Practitioner;
}

export const SCOPES = ['patient/*.read', 'patient/*.write', 'organization/*.read', 'organization/*.write'];
const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';
const SDS_USER = 'https://fhir.nhs.uk/Id/sds-user-id';
/** The token lives exactly five minutes: `exp` = `iat` + 300 (JWT.feature: 299 and 301 are refused). */
const LIFETIME_S = 300;

const COMMON = ['id', 'meta', 'implicitRules', 'language', 'text', 'contained', 'extension', 'modifierExtension', 'identifier'];
/** STU3 (3.0.1) elements of the claim resources: anything else makes the claim "not a valid FHIR resource". */
const ELEMENTS: Record<string, string[]> = {
  Device: [
    ...COMMON,
    ...['udi', 'status', 'type', 'lotNumber', 'manufacturer', 'manufactureDate', 'expirationDate', 'model', 'version'],
    ...['patient', 'owner', 'contact', 'location', 'url', 'note', 'safety'],
  ],
  Organization: [...COMMON, 'active', 'type', 'name', 'alias', 'telecom', 'address', 'partOf', 'contact', 'endpoint'],
  Practitioner: [...COMMON, 'active', 'name', 'telecom', 'address', 'gender', 'birthDate', 'photo', 'qualification', 'communication'],
};

const bad = (why: string): SpineError => new SpineError('BAD_REQUEST', `JWT: ${why}`);
const invalid = (why: string): SpineError => new SpineError('INVALID_RESOURCE', `JWT: ${why}`);

type Claim = Record<string, unknown>;

function isObject(v: unknown): v is Claim {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function identifierValue(resource: Claim, system: string): string | undefined {
  const ids = Array.isArray(resource.identifier) ? (resource.identifier as unknown[]) : [];
  const id = ids.find((i) => isObject(i) && i.system === system && nonEmptyString(i.value)) as Claim | undefined;
  return id?.value as string | undefined;
}

/** Present (else 400), of the right resourceType with only STU3 elements (else 422). */
function claimResource(payload: JWTPayload, claim: string, type: string): Claim {
  const value = payload[claim];
  if (value === undefined || value === null) throw bad(`${claim} is required`);
  if (!isObject(value)) throw bad(`${claim} must be a JSON object`);
  if (value.resourceType !== type) throw invalid(`${claim} must be a FHIR ${type}`);
  const unknown = Object.keys(value).filter((k) => k !== 'resourceType' && !ELEMENTS[type]?.includes(k.replace(/^_/, '')));
  if (unknown.length > 0) throw invalid(`${claim} is not a valid FHIR ${type}: unknown element(s) ${unknown.join(', ')}`);
  return value;
}

function decode(token: string): { header: Claim; payload: JWTPayload } {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.slice(0, 2).every((p) => /^[A-Za-z0-9_-]+$/.test(p))) {
    throw bad('the token must be three base64url parts without padding');
  }
  try {
    return { header: decodeProtectedHeader(token), payload: decodeJwt(token) };
  } catch {
    throw bad('the token is not base64url-encoded JSON');
  }
}

/**
 * Checks an `Authorization` header's token for an interaction at `nowS` (UNIX seconds). An `iat` in the
 * future is accepted (consumer clocks run fast; JWT.feature expects 200 at +200 s); an expired token is not.
 */
export function checkJwt(authorization: string, interaction: Interaction, nowS: number): GpcClaims {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw bad('Authorization must be "Bearer <token>"');
  const { header, payload } = decode(match[1]);
  if (header.alg !== 'none') throw bad('the token must be unsigned (alg "none")');
  for (const claim of ['iss', 'sub', 'aud', 'reason_for_request', 'requested_scope']) {
    if (!nonEmptyString(payload[claim])) throw bad(`${claim} is required`);
  }
  const { iat, exp } = payload;
  if (!Number.isInteger(iat)) throw bad('iat is required (UNIX seconds)');
  if (!Number.isInteger(exp)) throw bad('exp is required (UNIX seconds)');
  if ((exp as number) - (iat as number) !== LIFETIME_S) throw bad('exp must be exactly iat + 300');
  if ((exp as number) <= nowS) throw bad('the token has expired');
  if (payload.reason_for_request !== 'directcare') throw bad('reason_for_request must be "directcare"');
  const scope = payload.requested_scope as string;
  if (!SCOPES.includes(scope)) throw bad(`requested_scope must be one of ${SCOPES.join(', ')}`);
  // The reference provider checks read against write only; so does this hub (docs/decisions.md).
  if (!scope.endsWith(`.${interaction.access}`)) throw bad(`requested_scope ${scope} does not allow a ${interaction.access} interaction`);

  const device = claimResource(payload, 'requesting_device', 'Device');
  if (
    !Array.isArray(device.identifier) ||
    !device.identifier.some((i) => isObject(i) && nonEmptyString(i.system) && nonEmptyString(i.value))
  ) {
    throw invalid('requesting_device needs an identifier with system and value');
  }
  if (!nonEmptyString(device.model) || !nonEmptyString(device.version)) throw invalid('requesting_device needs model and version');
  const organization = claimResource(payload, 'requesting_organization', 'Organization');
  if (!nonEmptyString(organization.name)) throw invalid('requesting_organization needs a name');
  if (identifierValue(organization, ODS) === undefined) throw invalid(`requesting_organization needs an identifier with system ${ODS}`);
  const practitioner = claimResource(payload, 'requesting_practitioner', 'Practitioner');
  if (!nonEmptyString(practitioner.id)) throw invalid('requesting_practitioner needs an id');
  if (!Array.isArray(practitioner.name) || practitioner.name.length === 0) throw invalid('requesting_practitioner needs a name');
  // The SDS user id may be `UNK` (JWT.feature); it must be there.
  if (identifierValue(practitioner, SDS_USER) === undefined)
    throw invalid(`requesting_practitioner needs an identifier with system ${SDS_USER}`);
  if (payload.sub !== practitioner.id) throw bad('sub must equal requesting_practitioner.id');
  return {
    iss: payload.iss as string,
    sub: payload.sub,
    aud: payload.aud as string,
    iat: iat as number,
    exp: exp as number,
    requestedScope: scope,
    device: device as unknown as fhir3.Device,
    organization: organization as unknown as fhir3.Organization,
    practitioner: practitioner as unknown as fhir3.Practitioner,
  };
}
