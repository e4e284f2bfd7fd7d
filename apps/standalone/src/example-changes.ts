import type { Bundle, BundleEntry, Slot } from '@hub/fhir';

/** Entry types the cancel MessageDefinition takes (docs/standards.md §2.4): no Slot, Schedule or service. */
const CANCEL_TYPES = new Set(['MessageHeader', 'Appointment', 'Patient', 'Organization']);
const CANCEL_DEFINITION = 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request-cancelled';
/** Replaced by the printed command with the time the sender makes the change (see `stampNow`). */
export const NOW_PLACEHOLDER = '{{now}}';

const clone = (b: Bundle): Bundle => JSON.parse(JSON.stringify(b)) as Bundle;
const ofType = (b: Bundle, type: string): BundleEntry | undefined => b.entry?.find((e) => e.resource?.resourceType === type);

/**
 * Turns the example booking into a change of that booking (docs/standards.md §2.3): reason `update`, the
 * same Bundle.id (it is "retained in subsequent messages", §8.9), no Appointment.id (the hub finds the
 * booking by the conversation's X-Correlation-Id, which the printed commands share), and
 * `Appointment.meta.lastUpdated` left as a placeholder: a change made before the booking would be refused
 * as stale, so the printed command stamps the time it is sent.
 */
function asChange(booking: Bundle, status: 'booked' | 'cancelled'): Bundle {
  const bundle = clone(booking);
  const header = ofType(bundle, 'MessageHeader')?.resource;
  if (header?.resourceType === 'MessageHeader' && header.reason?.coding?.[0]) header.reason.coding[0].code = 'update';
  const appointment = ofType(bundle, 'Appointment')?.resource;
  if (appointment?.resourceType === 'Appointment') {
    appointment.status = status;
    appointment.meta = { ...appointment.meta, lastUpdated: NOW_PLACEHOLDER };
  }
  return bundle;
}

/** Rebook in one message: the same booking moved to `slot` (a new appointment replaces the old one). */
export function exampleRebookMessage(booking: Bundle, slot: Slot): Bundle {
  const bundle = asChange(booking, 'booked');
  for (const type of ['Appointment', 'Slot']) {
    const r = ofType(bundle, type)?.resource;
    if (r?.resourceType === 'Appointment' || r?.resourceType === 'Slot') {
      r.start = slot.start;
      r.end = slot.end;
      if (r.resourceType === 'Slot') r.id = slot.id;
    }
  }
  return bundle;
}

/** Cancellation of whatever the conversation has booked: status `cancelled`, the cancel definition. */
export function exampleCancelMessage(booking: Bundle): Bundle {
  const bundle = asChange(booking, 'cancelled');
  const header = ofType(bundle, 'MessageHeader')?.resource;
  if (header?.resourceType === 'MessageHeader') header.definition = CANCEL_DEFINITION;
  const appointment = ofType(bundle, 'Appointment')?.resource;
  if (appointment?.resourceType === 'Appointment') delete appointment.slot;
  bundle.entry = bundle.entry?.filter((e) => CANCEL_TYPES.has(e.resource?.resourceType ?? ''));
  return bundle;
}
