import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Directory } from './directory-bundle';
import { LocationEntity, OrganizationEntity, PractitionerEntity, PractitionerRoleEntity } from './entities';

export interface StoredDirectory {
  /** Row id of each Bundle key (`organization:3` → uuid). */
  ids: Map<string, string>;
  organizations: OrganizationEntity[];
  locations: LocationEntity[];
  practitioners: PractitionerEntity[];
  roles: PractitionerRoleEntity[];
}

/**
 * Upserts the directory of a publishing Bundle, as services are: an Organization by ODS code, a
 * Practitioner by SDS user id, a Location by its first identifier, a PractitionerRole by practitioner
 * and organisation. A republished entry keeps its id and takes the new content.
 */
export async function upsertDirectory(m: EntityManager, d: Directory, now: string): Promise<StoredDirectory> {
  const ids = new Map<string, string>();
  const out: StoredDirectory = { ids, organizations: [], locations: [], practitioners: [], roles: [] };
  const orgs = m.getRepository(OrganizationEntity);
  for (const o of d.organizations) {
    const existing = await orgs.findOne({ where: { odsCode: o.odsCode } });
    const row = orgs.create({ id: existing?.id ?? randomUUID(), odsCode: o.odsCode, resource: o.resource, lastUpdated: now });
    await orgs.save(row);
    ids.set(o.key, row.id);
    out.organizations.push(row);
  }
  const practitioners = m.getRepository(PractitionerEntity);
  for (const p of d.practitioners) {
    const existing = await practitioners.findOne({ where: { sdsUserId: p.sdsUserId } });
    const row = practitioners.create({ id: existing?.id ?? randomUUID(), sdsUserId: p.sdsUserId, resource: p.resource, lastUpdated: now });
    await practitioners.save(row);
    ids.set(p.key, row.id);
    out.practitioners.push(row);
  }
  const locations = m.getRepository(LocationEntity);
  for (const l of d.locations) {
    const existing = await locations.findOne({ where: { identifierKey: l.identifierKey } });
    const organizationId = l.organizationKey === null ? null : (ids.get(l.organizationKey) ?? null);
    const row = locations.create({
      id: existing?.id ?? randomUUID(),
      identifierKey: l.identifierKey,
      organizationId,
      resource: l.resource,
      lastUpdated: now,
    });
    await locations.save(row);
    ids.set(l.key, row.id);
    out.locations.push(row);
  }
  const roles = m.getRepository(PractitionerRoleEntity);
  for (const r of d.roles) {
    const practitionerId = ids.get(r.practitionerKey) as string;
    const organizationId = r.organizationKey === null ? '' : (ids.get(r.organizationKey) ?? '');
    const existing = await roles.findOne({ where: { practitionerId, organizationId } });
    const row = roles.create({ id: existing?.id ?? randomUUID(), practitionerId, organizationId, resource: r.resource, lastUpdated: now });
    await roles.save(row);
    out.roles.push(row);
  }
  return out;
}
