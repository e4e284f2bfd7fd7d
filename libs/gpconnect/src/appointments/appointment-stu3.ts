import { ukLocalDateTime } from '../uk-local-time';
import { GpcSystems, Profiles } from '../profiles';
import { Extensions } from './profiles';
import type { StoredAppointment, StoredSlot } from './stored';

const BOOKING_ORG_ID = '1';

/**
 * An appointment as GP Connect shows it (GPCONNECT.md §3.3): profile, versionId, UK local times, the
 * booking organisation contained and referenced, the practice's serviceType/serviceCategory, the
 * delivery channel and practitioner role of its slot and schedule, and never `reason` or `specialty`.
 * Read from what is stored, whichever surface booked it.
 */
export function toStu3Appointment(a: StoredAppointment): fhir3.Appointment {
  const { row } = a;
  const r = row.resource;
  const firstSlot = a.slots[0] as StoredSlot | undefined;
  const schedule = firstSlot && a.schedules.find((s) => s.id === firstSlot.scheduleId);
  const extension: fhir3.Extension[] = [];
  const contained: fhir3.Organization[] = [];
  if (a.bookingOrganisation) {
    contained.push(bookingOrganisation(a.bookingOrganisation));
    extension.push({ url: Extensions.bookingOrganisation, valueReference: { reference: `#${BOOKING_ORG_ID}` } });
  }
  const reason = r.cancelationReason?.text;
  if (row.status === 'cancelled' && reason) extension.push({ url: Extensions.cancellationReason, valueString: reason });
  const channel = firstSlot?.resource.extension?.find((e) => e.url === Extensions.deliveryChannel)?.valueCode;
  if (channel) extension.push({ url: Extensions.deliveryChannel, valueCode: channel });
  const role = schedule?.resource.extension?.find((e) => e.url === Extensions.practitionerRole)?.valueCodeableConcept;
  if (role) extension.push({ url: Extensions.practitionerRole, valueCodeableConcept: role as fhir3.CodeableConcept });
  const category = textOf(schedule?.resource.serviceCategory?.[0] ?? r.serviceCategory?.[0]);
  const type = textOf(firstSlot?.resource.serviceType?.[0] ?? r.serviceType?.[0]);
  const identifier = (r.identifier ?? []).filter((i) => typeof i.value === 'string' && i.value !== '');
  return {
    resourceType: 'Appointment',
    id: row.id,
    meta: { versionId: String(row.versionId), lastUpdated: ukLocalDateTime(row.lastUpdated), profile: [Profiles.appointment] },
    ...(contained.length > 0 ? { contained } : {}),
    ...(extension.length > 0 ? { extension } : {}),
    ...(identifier.length > 0 ? { identifier: identifier.map((i) => ({ system: i.system, value: i.value })) } : {}),
    status: row.status,
    ...(category ? { serviceCategory: { text: category } } : {}),
    ...(type ? { serviceType: [{ text: type }] } : {}),
    ...(typeof r.priority === 'number' && r.priority >= 0 && r.priority <= 9 ? { priority: r.priority } : {}),
    description: r.description ?? '',
    start: ukLocalDateTime(row.startAt),
    end: ukLocalDateTime(row.endAt),
    slot: (r.slot ?? []).map((s) => ({ reference: s.reference })),
    created: ukLocalDateTime(row.created),
    ...(r.comment ? { comment: r.comment } : {}),
    participant: (r.participant ?? [])
      .filter((p) => typeof p.actor?.reference === 'string' && /^[A-Za-z]+\/[^/]+$/.test(p.actor.reference))
      .map((p) => ({
        ...(p.type?.length ? { type: p.type.slice(0, 1).map(participantType) } : {}),
        actor: { reference: p.actor?.reference },
        status: p.status,
      })),
  };
}

function bookingOrganisation(o: NonNullable<StoredAppointment['bookingOrganisation']>): fhir3.Organization {
  return {
    resourceType: 'Organization',
    id: BOOKING_ORG_ID,
    meta: { profile: [Profiles.organization] },
    identifier: [{ system: GpcSystems.odsOrganization, value: o.odsCode }],
    ...(o.type ? { type: [{ coding: [o.type] }] } : {}),
    name: o.name,
    telecom: o.telecom,
  };
}

/** The text of a concept: its `text`, else its first coding's display or code. */
export function textOf(c: { text?: string; coding?: Array<{ display?: string; code?: string }> } | undefined): string | undefined {
  return c?.text ?? c?.coding?.[0]?.display ?? c?.coding?.[0]?.code;
}

/** A participant type with at most one coding (GPCONNECT.md §3.3: "Participant type ≤1 coding"). */
function participantType(t: fhir4.CodeableConcept): fhir3.CodeableConcept {
  const c = t.coding?.[0];
  return {
    ...(c ? { coding: [{ system: c.system, code: c.code, ...(c.display ? { display: c.display } : {}) }] } : {}),
    ...(t.text ? { text: t.text } : {}),
  };
}
