import type { Location, Organization, Practitioner, PractitionerRole } from '@hub/fhir';
import type { LocationEntity, OrganizationEntity, PractitionerEntity, PractitionerRoleEntity } from './entities';

/** FHIR R4 views of the directory rows: the published resource with the hub's ids and references. */
export function toOrganizationResource(row: OrganizationEntity): Organization {
  return { ...row.resource, resourceType: 'Organization', id: row.id, meta: { ...row.resource.meta, lastUpdated: row.lastUpdated } };
}

export function toLocationResource(row: LocationEntity): Location {
  const { managingOrganization: _sent, ...rest } = row.resource;
  return {
    ...rest,
    resourceType: 'Location',
    id: row.id,
    meta: { ...row.resource.meta, lastUpdated: row.lastUpdated },
    ...(row.organizationId ? { managingOrganization: { reference: `Organization/${row.organizationId}` } } : {}),
  };
}

export function toPractitionerResource(row: PractitionerEntity): Practitioner {
  return { ...row.resource, resourceType: 'Practitioner', id: row.id, meta: { ...row.resource.meta, lastUpdated: row.lastUpdated } };
}

export function toPractitionerRoleResource(row: PractitionerRoleEntity): PractitionerRole {
  const { organization: _org, practitioner: _pr, ...rest } = row.resource;
  return {
    ...rest,
    resourceType: 'PractitionerRole',
    id: row.id,
    meta: { ...row.resource.meta, lastUpdated: row.lastUpdated },
    practitioner: { reference: `Practitioner/${row.practitionerId}` },
    ...(row.organizationId !== '' ? { organization: { reference: `Organization/${row.organizationId}` } } : {}),
  };
}
