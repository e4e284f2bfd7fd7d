import { RecError, Systems, asArray, parseInstant, sameSystem, type CodeableConcept } from '@hub/fhir';
import { nhsNumberOf, parseBookingRequest, type SlotLookup } from './booking-request';
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
  patientFullUrl: string | undefined;
  nhsNumber: string | undefined;
  /** For updates: the slot the message names (a different one makes the update a rebook). */
  slot: SlotLookup | undefined;
  slotFullUrl: string | undefined;
}

/** Parses an `update` or `cancel` message (classified by `parseInboundMessage`). */
export function parseAppointmentChange(message: InboundMessage): AppointmentChange {
  const { appointment, index } = message;
  const lastUpdated = parseInstant(appointment.meta?.lastUpdated);
  if (lastUpdated === undefined) {
    throw RecError.badRequest('required', 'Appointment.meta.lastUpdated is required (an instant) to detect conflicting changes');
  }
  const id = typeof appointment.id === 'string' ? appointment.id.trim() : undefined;
  const patientFullUrl = asArray(appointment.participant)
    .map((p) => p?.actor?.reference)
    .find((r) => index.resolve(r, 'Patient') !== undefined);
  const patient = index.resolve(patientFullUrl, 'Patient');
  const booking = message.operation === 'update' ? parseBookingRequest(message) : undefined;
  return {
    appointmentId: id !== undefined && UUID.test(id) ? id.toLowerCase() : undefined,
    unknownId: id !== undefined && id !== '' && !UUID.test(id),
    status: appointment.status as AppointmentChange['status'],
    reasonCode: appointment.reasonCode,
    lastUpdated,
    patientFullUrl,
    nhsNumber: patient ? nhsNumberOf(patient) : undefined,
    slot: booking?.slot,
    slotFullUrl: booking?.slotFullUrl,
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
