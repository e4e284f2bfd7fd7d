import { RecError, Systems, asArray, parseInstant, sameSystem, type CodeableConcept } from '@hub/fhir';
import { nhsNumberOf, parseSlotRequest, type SlotRequest } from './booking-request';
import type { InboundMessage } from './inbound-message';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An update or cancellation of an existing appointment, as a message asks for it. */
export interface AppointmentChange {
  /** The hub's Appointment id; absent in the IG's cancel example, found then through the conversation. */
  appointmentId: string | undefined;
  /** `Appointment.id` was sent but cannot be one of ours: the answer is 404, not a search. */
  unknownId: boolean;
  status: 'booked' | 'cancelled' | 'entered-in-error';
  reasonCode: CodeableConcept[] | undefined;
  /** `Appointment.meta.lastUpdated` as an instant: local data newer than this is a conflict. */
  lastUpdated: string;
  /** The Patient entry, when the message carries one (a change built from the hub's answer names `Patient/<id>`). */
  patientFullUrl: string | undefined;
  /** The participant reference to that entry, as written. */
  patientReference: string | undefined;
  nhsNumber: string | undefined;
  /** For updates: the slot the message names (another slot makes the update a rebook). */
  booking: SlotRequest | undefined;
  /** The Slot entry the Appointment references, when the message carries it (a cancel may). */
  slotFullUrl: string | undefined;
}

/** Parses an `update` or `cancel` message (classified by `parseInboundMessage`). */
export function parseAppointmentChange(message: InboundMessage): AppointmentChange {
  const { appointment, index, appointmentFullUrl } = message;
  const lastUpdated = parseInstant(appointment.meta?.lastUpdated);
  if (lastUpdated === undefined) {
    throw RecError.badRequest('required', 'Appointment.meta.lastUpdated is required (an instant) to detect conflicting changes');
  }
  const id = typeof appointment.id === 'string' ? appointment.id.trim() : undefined;
  const patientRef = asArray(appointment.participant)
    .map((p) => p?.actor?.reference)
    .find((r) => index.resolve(r, 'Patient', appointmentFullUrl) !== undefined);
  const patient = index.resolve(patientRef, 'Patient', appointmentFullUrl);
  const slotRef = asArray(appointment.slot)[0]?.reference;
  const booking = message.operation === 'update' ? parseSlotRequest(message) : undefined;
  return {
    appointmentId: id !== undefined && UUID.test(id) ? id.toLowerCase() : undefined,
    unknownId: id !== undefined && id !== '' && !UUID.test(id),
    status: appointment.status as AppointmentChange['status'],
    reasonCode: appointment.reasonCode,
    lastUpdated,
    patientFullUrl: patient ? index.urlOf(patientRef, appointmentFullUrl) : undefined,
    patientReference: patient ? patientRef : undefined,
    nhsNumber: patient ? nhsNumberOf(patient) : undefined,
    booking,
    slotFullUrl: index.resolve(slotRef, 'Slot', appointmentFullUrl) ? index.urlOf(slotRef, appointmentFullUrl) : undefined,
  };
}

/** The BaRS use case (`usecases-categories-bars`) in `Appointment.serviceCategory`, lower-cased. */
export function useCaseOf(message: InboundMessage): string | undefined {
  for (const concept of asArray(message.appointment.serviceCategory)) {
    const coding = asArray(concept?.coding).find((c) => sameSystem(c.system, Systems.useCases) && typeof c.code === 'string');
    if (coding?.code) return coding.code.trim().toLowerCase();
  }
  return undefined;
}
