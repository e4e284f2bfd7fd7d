import { randomUUID } from 'node:crypto';
import { bookingMessage, resource, type Json, type SlotTime } from './messages';

const CANCELLED_DEFINITION = 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request-cancelled';

function setReason(bundle: Json, reason: string, definition?: string): void {
  const header = bundle.entry[0].resource;
  header.reason.coding[0].code = reason;
  if (definition) header.definition = definition;
}

/**
 * A cancellation shaped like the IG's only cancel example, `BOOKREQ02 - Booking Request Cancelled.xml`
 * (published as XML only; rebuilt here from the JSON booking example): MessageHeader with the cancelled
 * definition, the Appointment (status cancelled, use case a1t1, no slot), the Patient, its GP practice and
 * the two Organizations of the header. BOOKREQ02 itself says reason `new` and carries no Appointment.id.
 */
export function cancelMessage(
  opts: { appointmentId?: string; reason?: 'new' | 'update' | 'delete'; status?: string; lastUpdated?: string } = {},
): Json {
  const full = bookingMessage({ start: '2031-01-01T00:00:00Z', end: '2031-01-01T01:00:00Z' });
  const header = full.entry[0].resource;
  const keep = new Set([
    full.entry[0].fullUrl,
    header.focus[0].reference,
    header.destination[0].receiver.reference,
    header.sender.reference,
  ]);
  const appointment = resource(full, 'Appointment');
  keep.add(appointment.participant[0].actor.reference);
  // The Patient's GP practice comes too: every reference of a message resolves to one of its entries.
  for (const gp of resource(full, 'Patient').generalPractitioner ?? []) keep.add(gp.reference);
  full.entry = full.entry.filter((e: Json) => keep.has(e.fullUrl));
  setReason(full, opts.reason ?? 'update', CANCELLED_DEFINITION);
  full.meta.versionId = '1.1.0';
  appointment.status = opts.status ?? 'cancelled';
  appointment.meta.lastUpdated = opts.lastUpdated ?? new Date().toISOString();
  appointment.serviceCategory = [
    { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/usecases-categories-bars', code: 'a1t1', display: '111 to ED' }] },
  ];
  delete appointment.slot;
  if (opts.appointmentId) appointment.id = opts.appointmentId;
  return full;
}

/** An update (`reason update`, status `booked`) of a booked appointment, naming `slot`. */
export function updateMessage(appointmentId: string, slot: SlotTime, change: (appointment: Json) => void = () => undefined): Json {
  const bundle = bookingMessage(slot);
  setReason(bundle, 'update');
  const appointment = resource(bundle, 'Appointment');
  appointment.id = appointmentId;
  appointment.meta.lastUpdated = new Date().toISOString();
  change(appointment);
  return bundle;
}

export const newId = (): string => randomUUID();
