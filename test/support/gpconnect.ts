import { randomUUID } from 'node:crypto';
import type { Hub } from './hub';
import { call, type Answer } from './http';

/** The provider ASID the GP Connect suites run with (the provider test suite's default). */
export const GPC_ASID = '918999198993';
export const CONSUMER_ASID = '200000000359';
export const GPC = 'urn:nhs:names:services:gpconnect:fhir:rest';

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Valid claims as the provider test suite's JwtFactory builds them, for `now` (UNIX seconds). */
export function jwtClaims(scope = 'organization/*.read', now = Math.floor(Date.now() / 1000)): Record<string, any> {
  return {
    iss: 'https://consumer.example.nhs.uk',
    sub: '1',
    aud: 'https://authorize.fhir.nhs.net/token',
    exp: now + 300,
    iat: now,
    reason_for_request: 'directcare',
    requested_scope: scope,
    requesting_device: {
      resourceType: 'Device',
      identifier: [{ system: 'https://consumersupplier.com/Id/device-identifier', value: 'CONS-APP-4' }],
      model: 'Consumer product name',
      version: '5.3.0',
    },
    requesting_organization: {
      resourceType: 'Organization',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A20047' }],
      name: 'Test Suite Validator',
    },
    requesting_practitioner: {
      resourceType: 'Practitioner',
      id: '1',
      identifier: [
        { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: 'G13579135' },
        { system: 'https://fhir.nhs.uk/Id/sds-role-profile-id', value: '111111111' },
      ],
      name: [{ family: 'Demonstrator', given: ['GPConnectTest'], prefix: ['Dr'] }],
    },
  };
}

/** An unsigned token (`alg: none`, empty signature) of the claims. */
export function jwt(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'none', typ: 'JWT' }): string {
  return `${b64url(header)}.${b64url(claims)}.`;
}

/** The headers every GP Connect request carries, for one interaction (short name after `rest:`). */
export function gpcHeaders(interaction: string, scope?: string): Record<string, string> {
  const read = !/^(create|update|cancel):/.test(interaction);
  const kind = /patient|appointment/.test(interaction) ? 'patient' : 'organization';
  return {
    'Ssp-TraceID': randomUUID(),
    'Ssp-From': CONSUMER_ASID,
    'Ssp-To': GPC_ASID,
    'Ssp-InteractionID': `${GPC}:${interaction}`,
    Authorization: `Bearer ${jwt(jwtClaims(scope ?? `${kind}/*.${read ? 'read' : 'write'}`))}`,
  };
}

/** The path of a service root's resource: `/{ods}/STU3/1/gpconnect{path}`. */
export const gpcPath = (ods: string, path: string): string => `/${ods}/STU3/1/gpconnect${path}`;

/** A request to the hub's GP Connect surface; the body is sent as given (string) or as JSON. */
export function gpcCall(hub: Hub, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  return call(hub, method, path, { headers, body });
}

/** The Spine code of a GP Connect OperationOutcome answer, with its status. */
export function spineOf(answer: Answer): { status: number; code?: string; issue?: string; codings?: number; system?: string } {
  const issue = answer.body?.issue?.[0];
  return {
    status: answer.status,
    code: issue?.details?.coding?.[0]?.code,
    issue: issue?.code,
    codings: issue?.details?.coding?.length,
    system: issue?.details?.coding?.[0]?.system,
  };
}
