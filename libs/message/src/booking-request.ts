import { RecError, asArray, nhsNumberIn, normaliseSystem, parseInstant, type Identifier, type Patient } from '@hub/fhir';
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

/** The slot a booking or a rebook asks for, and the Appointment's times, checked against each other. */
export interface SlotRequest {
  slot: SlotLookup;
  /** The Slot entry's key ({@link entryKey}), when the message carries the Slot (not when it names one of the hub's). */
  slotFullUrl: string | undefined;
  /** The Schedule entry's key, when the Slot's schedule is an entry of the message. */
  scheduleFullUrl: string | undefined;
  /** `Appointment.start` and `.end` as instants, when the message gives them: they must be the slot's. */
  appointmentTimes: { start: string; end: string } | undefined;
}

/** A new booking: the slot and the patient (an entry of the message). */
export interface BookingRequest extends SlotRequest {
  patient: Patient;
  patientFullUrl: string;
  /** The participant reference to the Patient as written (the stored Appointment's becomes `Patient/<hub id>`). */
  patientReference: string;
  /** Normalised NHS number, when the patient has one (BaRS accepts patients without); a bad one is refused. */
  nhsNumber: string | undefined;
}

/** `system|value` with the system normalised, as stored in `identifier_key` columns. */
export function identifierKey(identifiers: Identifier[] | undefined): string | undefined {
  const first = asArray(identifiers).find((i) => typeof i?.system === 'string' && typeof i?.value === 'string' && i.value.trim() !== '');
  return first ? `${normaliseSystem(first.system as string)}|${(first.value as string).trim()}` : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A reference to one of the hub's own slots: relative (made from a `urn:` entry, so it names a slot of the receiver). */
const HUB_SLOT = /^Slot\/([0-9a-f-]{36})$/i;

export function nhsNumberOf(patient: Patient): string | undefined {
  return nhsNumberIn(patient.identifier, 'Patient.identifier');
}

function instantsOf(resource: { start?: unknown; end?: unknown }): { start: string; end: string } | undefined {
  const start = parseInstant(resource.start);
  const end = parseInstant(resource.end);
  return start !== undefined && end !== undefined ? { start, end } : undefined;
}

/**
 * The parts of a `booking-request`/`new` message a booking needs, checked. The slot is the Slot entry the
 * Appointment references, found by its identifier or its schedule and times like any slot of the sender's
 * (its `id` is the sender's, never read as the hub's); or, when the reference is not to an entry, one of
 * the hub's own slots by id (`Slot/<id>` from the hub's slot search).
 */
export function parseSlotRequest(message: InboundMessage): SlotRequest {
  const { appointment, index, appointmentFullUrl } = message;
  const slotRef = Array.isArray(appointment.slot) ? appointment.slot[0]?.reference : undefined;
  if (typeof slotRef !== 'string') throw RecError.badRequest('required', 'Appointment.slot must reference the Slot to book');
  const slot = index.resolve(slotRef, 'Slot', appointmentFullUrl);
  const slotFullUrl = slot === undefined ? undefined : index.urlOf(slotRef, appointmentFullUrl);
  const hubMatch = slot === undefined ? HUB_SLOT.exec(slotRef.trim()) : null;
  const hubId = hubMatch && UUID.test(hubMatch[1]) ? hubMatch[1].toLowerCase() : undefined;
  if (slot === undefined && hubId === undefined) {
    throw RecError.badRequest('required', 'Appointment.slot must reference a Slot entry of the Bundle or a Slot of this hub (Slot/<id>)');
  }
  const slotTimes = slot === undefined ? undefined : instantsOf(slot);
  if (slot !== undefined && slotTimes === undefined) {
    throw RecError.badRequest('value', 'Slot.start and Slot.end must be FHIR instants with a time zone');
  }
  if (slotTimes !== undefined && slotTimes.end <= slotTimes.start) {
    throw RecError.badRequest('invariant', 'Slot.end must be after Slot.start');
  }
  const appointmentTimes = instantsOf(appointment);
  if (appointmentTimes !== undefined && slotTimes !== undefined) refuseOtherTimes(appointmentTimes, slotTimes);
  const scheduleRef = slot?.schedule?.reference;
  const schedule = slotFullUrl ? index.resolve(scheduleRef, 'Schedule', slotFullUrl) : undefined;
  return {
    slot: {
      hubId,
      identifierKey: identifierKey(slot?.identifier),
      scheduleIdentifierKey: identifierKey(schedule?.identifier),
      serviceDosId: message.destinationService,
      start: slotTimes?.start ?? '',
      end: slotTimes?.end ?? '',
    },
    slotFullUrl,
    scheduleFullUrl: schedule ? index.urlOf(scheduleRef, slotFullUrl) : undefined,
    appointmentTimes,
  };
}

/** The parts of a `booking-request`/`new` message a booking needs: the slot, and the Patient entry. */
export function parseBookingRequest(message: InboundMessage): BookingRequest {
  const { appointment, index, appointmentFullUrl } = message;
  const slotRequest = parseSlotRequest(message);
  const patientRef = asArray(appointment.participant)
    .map((p) => p?.actor?.reference)
    .find((r) => index.resolve(r, 'Patient', appointmentFullUrl) !== undefined);
  const patient = index.resolve(patientRef, 'Patient', appointmentFullUrl);
  const patientFullUrl = index.urlOf(patientRef, appointmentFullUrl);
  if (patient === undefined || patientFullUrl === undefined) {
    throw RecError.badRequest('required', 'Appointment.participant must include an actor referencing the Patient entry');
  }
  return {
    ...slotRequest,
    patient,
    patientFullUrl,
    patientReference: patientRef as string,
    nhsNumber: nhsNumberOf(patient),
  };
}

/**
 * The Appointment's times must be the slot's: the hub books the slot, and an answer or a record showing
 * other times would send the patient at the wrong time (GP Connect refuses the same with 422, GPCONNECT.md §3.2).
 */
export function refuseOtherTimes(appointment: { start: string; end: string }, slot: { start: string; end: string }): void {
  if (appointment.start === slot.start && appointment.end === slot.end) return;
  throw RecError.unprocessable(
    'invariant',
    `Appointment.start/Appointment.end (${appointment.start}/${appointment.end}) differ from the claimed Slot's Slot.start/Slot.end ` +
      `(${slot.start}/${slot.end}); send the slot's times`,
  );
}

/** Bookings and reschedules are into the future only (GP Connect's rule, GPCONNECT.md §3.2; BaRS is silent). */
export function refusePastSlot(slotStart: string, now: string): void {
  if (slotStart > now) return;
  throw RecError.unprocessable('business-rule', 'The Slot starts in the past (Slot.start); only future slots can be booked');
}
