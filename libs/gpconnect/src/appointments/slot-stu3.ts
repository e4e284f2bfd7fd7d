import { ukLocalDateTime } from '../uk-local-time';
import { textOf } from './appointment-stu3';
import { Profiles } from '../profiles';
import { Extensions } from './profiles';
import type { StoredSchedule, StoredSlot } from './stored';

/**
 * A free slot as GP Connect shows it (GPCONNECT.md §3.1): profile, UK local times, the delivery channel
 * extension, `serviceType.text` (the slot type), at most one identifier; never `specialty` or `comment`.
 */
export function toStu3Slot(s: StoredSlot): fhir3.Slot {
  const channel = s.resource.extension?.find((e) => e.url === Extensions.deliveryChannel)?.valueCode;
  const type = textOf(s.resource.serviceType?.[0]);
  const identifier = (s.resource.identifier ?? []).find((i) => typeof i.value === 'string' && i.value !== '');
  return {
    resourceType: 'Slot',
    id: s.id,
    meta: { versionId: String(s.version ?? 1), profile: [Profiles.slot] },
    ...(channel ? { extension: [{ url: Extensions.deliveryChannel, valueCode: channel }] } : {}),
    ...(identifier ? { identifier: [{ system: identifier.system, value: identifier.value }] } : {}),
    ...(type ? { serviceType: [{ text: type }] } : {}),
    schedule: { reference: `Schedule/${s.scheduleId}` },
    status: s.status,
    start: ukLocalDateTime(s.startAt),
    end: ukLocalDateTime(s.endAt),
  };
}

/**
 * A schedule as GP Connect shows it: one practitioner role extension and no delivery channel,
 * `serviceCategory.text`, its Location and Practitioner actors, and the planning horizon (its slots' span
 * when none was published).
 */
export function toStu3Schedule(s: StoredSchedule, slots: readonly StoredSlot[], practitionerRole?: fhir4.CodeableConcept): fhir3.Schedule {
  const role = s.resource.extension?.find((e) => e.url === Extensions.practitionerRole)?.valueCodeableConcept ?? practitionerRole;
  const category = textOf(s.resource.serviceCategory?.[0]);
  const actor = [
    ...(s.locationId ? [{ reference: `Location/${s.locationId}` }] : []),
    ...(s.practitionerId ? [{ reference: `Practitioner/${s.practitionerId}` }] : []),
  ];
  const mine = slots.filter((slot) => slot.scheduleId === s.id);
  const start = s.resource.planningHorizon?.start ?? mine.map((x) => x.startAt).sort()[0];
  const end =
    s.resource.planningHorizon?.end ??
    mine
      .map((x) => x.endAt)
      .sort()
      .at(-1);
  const identifier = (s.resource.identifier ?? []).find((i) => typeof i.value === 'string' && i.value !== '');
  return {
    resourceType: 'Schedule',
    id: s.id,
    meta: { versionId: '1', profile: [Profiles.schedule] },
    ...(role ? { extension: [{ url: Extensions.practitionerRole, valueCodeableConcept: role as fhir3.CodeableConcept }] } : {}),
    ...(identifier ? { identifier: [{ system: identifier.system, value: identifier.value }] } : {}),
    ...(category ? { serviceCategory: { text: category } } : {}),
    actor,
    ...(start ? { planningHorizon: { start: ukLocalDateTime(start), ...(end ? { end: ukLocalDateTime(end) } : {}) } } : {}),
  };
}
