import type { HealthcareService, Schedule, Slot } from '@hub/fhir';
import type { HealthcareServiceEntity, ScheduleEntity, SlotEntity } from './entities';

/** FHIR views of the availability rows: the published resource with the hub's id and references. */
export function toServiceResource(row: HealthcareServiceEntity): HealthcareService {
  return { ...row.resource, id: row.id, meta: { ...row.resource.meta, lastUpdated: row.lastUpdated } };
}

export function toScheduleResource(row: ScheduleEntity): Schedule {
  // Actors the hub stores are rewritten to its ids; others (not Bundle-local) are kept as sent.
  const stored = ['HealthcareService', 'Location', 'Practitioner'];
  const others = (row.resource.actor ?? []).filter(
    (a) => !a.reference?.startsWith('urn:') && !stored.includes(a.reference?.split('/').slice(-2)[0] ?? ''),
  );
  const actor = [{ reference: `HealthcareService/${row.serviceId}` }];
  if (row.locationId) actor.push({ reference: `Location/${row.locationId}` });
  if (row.practitionerId) actor.push({ reference: `Practitioner/${row.practitionerId}` });
  return {
    ...row.resource,
    id: row.id,
    meta: { ...row.resource.meta, lastUpdated: row.lastUpdated },
    actor: [...actor, ...others],
  };
}

export function toSlotResource(row: SlotEntity): Slot {
  return {
    ...row.resource,
    resourceType: 'Slot',
    id: row.id,
    meta: { ...row.resource.meta, versionId: String(row.version), lastUpdated: row.lastUpdated },
    schedule: { reference: `Schedule/${row.scheduleId}` },
    status: row.status,
    start: row.startAt,
    end: row.endAt,
  };
}
