import { RecError, Systems, asArray, normaliseSystem, parseInstant, sameSystem, type Identifier, type Patient, type Slot } from '@hub/fhir';
import type { InboundMessage } from './inbound-message';

/**
 * How the worker finds the slot a new booking asks for, in order of preference (issue #2):
 * the hub's own `Slot.id` when the sender took the slot from the hub's slot search; else `Slot.identifier`;
 * else the destination service, `Schedule.identifier` when given, and the exact start and end as instants.
 */
export interface SlotLookup {
  hubId?: string;
  identifierKey?: string;
  scheduleIdentifierKey?: string;
  serviceDosId: string;
  start: string;
  end: string;
}

export interface BookingRequest {
  slot: SlotLookup;
  slotFullUrl: string;
  patient: Patient;
  patientFullUrl: string;
  /** Normalised NHS number, when the patient has one (BaRS accepts patients without). */
  nhsNumber: string | undefined;
}

/** `system|value` with the system normalised, as stored in `identifier_key` columns. */
export function identifierKey(identifiers: Identifier[] | undefined): string | undefined {
  const first = asArray(identifiers).find((i) => typeof i?.system === 'string' && typeof i?.value === 'string' && i.value.trim() !== '');
  return first ? `${normaliseSystem(first.system as string)}|${(first.value as string).trim()}` : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function hubSlotId(reference: string, slot: Slot | undefined): string | undefined {
  if (typeof slot?.id === 'string' && UUID.test(slot.id)) return slot.id.toLowerCase();
  const m = /(?:^|\/)Slot\/([0-9a-f-]{36})$/i.exec(reference);
  return m && UUID.test(m[1]) ? m[1].toLowerCase() : undefined;
}

export function nhsNumberOf(patient: Patient): string | undefined {
  const id = asArray(patient.identifier).find((i) => sameSystem(i?.system, Systems.nhsNumber) && typeof i.value === 'string');
  const digits = id?.value?.replace(/\s+/g, '');
  return digits !== undefined && digits !== '' ? digits : undefined;
}

/** The parts of a `booking-request`/`new` message a booking needs, checked. */
export function parseBookingRequest(message: InboundMessage): BookingRequest {
  const { appointment, index } = message;
  const slotRef = Array.isArray(appointment.slot) ? appointment.slot[0]?.reference : undefined;
  if (typeof slotRef !== 'string') throw RecError.badRequest('required', 'Appointment.slot must reference the Slot to book');
  const slot = index.resolve(slotRef, 'Slot');
  const hubId = hubSlotId(slotRef, slot);
  if (slot === undefined && hubId === undefined) {
    throw RecError.badRequest('required', 'Appointment.slot must reference a Slot entry of the Bundle or a Slot of this hub');
  }
  const start = parseInstant(slot?.start);
  const end = parseInstant(slot?.end);
  if (slot !== undefined && (start === undefined || end === undefined)) {
    throw RecError.badRequest('value', 'Slot.start and Slot.end must be FHIR instants with a time zone');
  }
  const schedule = slot ? index.resolve(slot.schedule?.reference, 'Schedule') : undefined;

  const patientRef = asArray(appointment.participant)
    .map((p) => p?.actor?.reference)
    .find((r) => index.resolve(r, 'Patient') !== undefined);
  const patient = index.resolve(patientRef, 'Patient');
  if (patient === undefined || patientRef === undefined) {
    throw RecError.badRequest('required', 'Appointment.participant must include an actor referencing the Patient entry');
  }
  return {
    slot: {
      hubId,
      identifierKey: identifierKey(slot?.identifier),
      scheduleIdentifierKey: identifierKey(schedule?.identifier),
      serviceDosId: message.destinationService,
      start: start ?? '',
      end: end ?? '',
    },
    slotFullUrl: slotRef,
    patient,
    patientFullUrl: patientRef,
    nhsNumber: nhsNumberOf(patient),
  };
}
