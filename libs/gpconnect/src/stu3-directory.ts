import { GpcSystems, Profiles } from './profiles';

/*
 * R4 → STU3 views of what the hub stores, shaped by the CareConnect-GPC profiles: only elements that
 * exist in STU3 and the profiles allow are copied (the test suite checks, e.g., no photo, qualification or
 * birthDate on a Practitioner); references become the hub's relative ids. The R4 and STU3 shapes of the
 * copied elements are the same, except where noted.
 */
export interface Stored<T> {
  id: string;
  versionId: string;
  resource: T;
}

type Obj = Record<string, unknown>;

function pick(source: object, keys: string[]): Obj {
  const out: Obj = {};
  for (const k of keys) {
    const v = (source as Obj)[k];
    if (v !== undefined && v !== null) out[k] = v;
  }
  return out;
}

const meta = (versionId: string, profile: string): fhir3.Meta => ({ versionId, profile: [profile] });

/** Identifiers of the given systems only, without R4-only extensions on them. */
function identifiers(ids: fhir4.Identifier[] | undefined, systems: string[]): fhir3.Identifier[] | undefined {
  const kept = (ids ?? [])
    .filter((i) => typeof i.system === 'string' && systems.includes(i.system))
    .map((i) => pick(i, ['use', 'system', 'value']));
  return kept.length > 0 ? kept : undefined;
}

export function toStu3Organization(o: Stored<fhir4.Organization>): fhir3.Organization {
  return {
    resourceType: 'Organization',
    id: o.id,
    meta: meta(o.versionId, Profiles.organization),
    ...pick(o.resource, ['active', 'type', 'name', 'alias', 'telecom', 'address']),
    identifier: identifiers(o.resource.identifier, [GpcSystems.odsOrganization, GpcSystems.odsSite]),
  };
}

export function toStu3Practitioner(p: Stored<fhir4.Practitioner>): fhir3.Practitioner {
  return {
    resourceType: 'Practitioner',
    id: p.id,
    meta: meta(p.versionId, Profiles.practitioner),
    ...pick(p.resource, ['active', 'telecom', 'address', 'gender', 'communication']),
    identifier: identifiers(p.resource.identifier, [
      GpcSystems.sdsUser,
      GpcSystems.sdsRoleProfile,
      'https://fhir.hl7.org.uk/Id/gmp-number',
    ]),
    // The profile wants exactly one name.
    ...pick({ name: p.resource.name?.slice(0, 1) }, ['name']),
  };
}

/** `organizationId` is the hub id of the managing organisation, when published. */
export function toStu3Location(l: Stored<fhir4.Location>, organizationId: string | null): fhir3.Location {
  const r = l.resource;
  return {
    resourceType: 'Location',
    id: l.id,
    meta: meta(l.versionId, Profiles.location),
    ...pick(r, ['status', 'name', 'alias', 'description', 'mode', 'telecom', 'address', 'physicalType', 'position']),
    identifier: identifiers(r.identifier, [GpcSystems.odsSite]) ?? r.identifier?.slice(0, 1).map((i) => pick(i, ['system', 'value'])),
    // STU3 Location.type is one CodeableConcept (R4: a list).
    ...pick({ type: r.type?.[0] }, ['type']),
    ...(organizationId ? { managingOrganization: { reference: `Organization/${organizationId}` } } : {}),
  };
}

export function toStu3Patient(p: Stored<fhir4.Patient>): fhir3.Patient {
  return {
    resourceType: 'Patient',
    id: p.id,
    meta: meta(p.versionId, Profiles.patient),
    ...pick(p.resource, [
      'active',
      'name',
      'telecom',
      'gender',
      'birthDate',
      'deceasedBoolean',
      'deceasedDateTime',
      'address',
      'multipleBirthBoolean',
      'multipleBirthInteger',
    ]),
    identifier: identifiers(p.resource.identifier, [GpcSystems.nhsNumber]),
  };
}
