// Booking, cancel and rebook messages built from the official BaRS booking example, plus availability
// Bundles to publish. The example, the headers and the availability Bundle come from the tests' own builders
// (test/support/messages.ts, which reads the example through test/support/paths.ts fixturesRoot). Messages
// are compiled once into string templates, so a sender pays for a join, not for a deep clone and a
// JSON.stringify of a 12-entry Bundle per request (the bench shares the CPUs).
import { randomUUID } from 'node:crypto';
import {
  DOS_ID,
  availability as publishing,
  barsHeaders as testHeaders,
  bookingMessage,
  type Json,
  type SlotTime,
} from '../../test/support/messages';

export { DOS_ID };
const CANCEL_DEFINITION = 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request-cancelled';
/** Types the cancel MessageDefinition allows (BARS.md §2.4): no Slot, Schedule or HealthcareService. */
const CANCEL_TYPES = new Set(['MessageHeader', 'Appointment', 'Patient', 'Organization']);
const SLOT_MS = 10 * 60_000;
const BASE = Date.UTC(2032, 0, 5, 0, 0, 0);

/** The official booking example (a fresh copy). */
export const example = (): Json => bookingMessage(slotTime(0));

/** Slot `i` of the bench diary: 10 minutes each, back to back, far in the future. */
export function slotTime(i: number): SlotTime {
  const start = BASE + i * SLOT_MS;
  return { start: new Date(start).toISOString(), end: new Date(start + SLOT_MS).toISOString() };
}

/** A valid (modulus 11) NHS number for `n` (n < 33 million), a different one for every `n`. */
export function nhsNumber(n: number): string {
  for (const offset of [900_000_000, 933_000_000, 966_000_000]) {
    const digits = String(offset + (n % 33_000_000))
      .split('')
      .map(Number);
    const sum = digits.reduce((s, d, i) => s + d * (10 - i), 0);
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10) return digits.join('') + check;
  }
  return nhsNumber(n + 1); // all three invalid, (1/11)³ of n: shares n + 1's patient, which is harmless
}

const byType = (bundle: Json, type: string): Json => bundle.entry.find((e: Json) => e.resource.resourceType === type);

/** Stringifies `bundle` and splits it at `{{name}}` placeholders, so filling it in is one join. */
function compile(bundle: Json): (values: Record<string, unknown>) => string {
  const parts = JSON.stringify(bundle).split(/"?\{\{(\w+)\}\}"?/);
  return (values) => {
    let out = '';
    for (let i = 0; i < parts.length; i++) out += i % 2 === 0 ? parts[i] : JSON.stringify(values[parts[i]]);
    return out;
  };
}

function withSlotTimes(bundle: Json): Json {
  for (const type of ['Slot', 'Appointment']) {
    byType(bundle, type).resource.start = '{{start}}';
    byType(bundle, type).resource.end = '{{end}}';
  }
  return bundle;
}

function withPatient(bundle: Json): Json {
  const patient = byType(bundle, 'Patient').resource;
  patient.identifier.find((i: Json) => i.system === 'https://fhir.nhs.uk/Id/nhs-number').value = '{{nhs}}';
  return bundle;
}

function asUpdate(bundle: Json, status: string): Json {
  const header = byType(bundle, 'MessageHeader').resource;
  header.reason.coding[0].code = 'update';
  const appointment = byType(bundle, 'Appointment').resource;
  appointment.id = '{{appointmentId}}';
  appointment.status = status;
  appointment.meta.lastUpdated = '{{now}}';
  return bundle;
}

function cancelBundle(): Json {
  const bundle = withPatient(asUpdate(example(), 'cancelled'));
  byType(bundle, 'MessageHeader').resource.definition = CANCEL_DEFINITION;
  const appointment = byType(bundle, 'Appointment').resource;
  appointment.slot = [{ reference: '{{slotRef}}' }];
  appointment.start = '{{start}}';
  appointment.end = '{{end}}';
  bundle.entry = bundle.entry.filter((e: Json) => CANCEL_TYPES.has(e.resource.resourceType));
  bundle.id = '{{bundleId}}';
  return bundle;
}

function bookingBundle(reason: 'new' | 'update'): Json {
  const bundle = withPatient(withSlotTimes(example()));
  bundle.id = '{{bundleId}}';
  return reason === 'update' ? asUpdate(bundle, 'booked') : bundle;
}

const templates = { book: compile(bookingBundle('new')), rebook: compile(bookingBundle('update')), cancel: compile(cancelBundle()) };

/** The official example's own patient, for `--same-patient`. */
export const EXAMPLE_NHS_NUMBER = '9476719931';

export interface Booking {
  bundleId: string;
  correlationId: string;
  nhs: string;
  body: string;
}

/** What the bench keeps of a booking the hub answered, to cancel or rebook it. */
export interface Booked {
  bundleId: string;
  appointmentId: string;
  slot: number;
  slotId: string;
  nhs: string;
}

/** A new booking of slot `i` for patient `i` (or the example's patient): body text plus the conversation's ids. */
export function booking(i: number, samePatient = false): Booking {
  const { start, end } = slotTime(i);
  const bundleId = randomUUID();
  const nhs = samePatient ? EXAMPLE_NHS_NUMBER : nhsNumber(i);
  return { bundleId, correlationId: randomUUID(), nhs, body: templates.book({ bundleId, start, end, nhs }) };
}

/**
 * A cancellation of a booking the hub answered (BARS.md §2.3): reason `update`, status `cancelled`, the
 * cancelled definition, the hub's Appointment id and slot. Same conversation: same Bundle.id (§8.9).
 */
export function cancel(booked: Booked): string {
  const { start, end } = slotTime(booked.slot);
  const values = { bundleId: booked.bundleId, appointmentId: booked.appointmentId, now: new Date().toISOString() };
  return templates.cancel({ ...values, slotRef: `Slot/${booked.slotId}`, start, end, nhs: booked.nhs });
}

/** A rebook: reason `update`, status `booked`, the same Appointment id pointing at another Slot `i`. */
export function rebook(booked: Booked, i: number): string {
  const { start, end } = slotTime(i);
  const values = { bundleId: booked.bundleId, appointmentId: booked.appointmentId, now: new Date().toISOString() };
  return templates.rebook({ ...values, start, end, nhs: booked.nhs });
}

/** The tests' BaRS headers (test/support/messages.ts barsHeaders), lower-cased, with a fresh X-Request-Id. */
export function barsHeaders(correlationId: string): Record<string, string> {
  const headers = testHeaders({ 'X-Correlation-Id': correlationId });
  return Object.fromEntries(Object.entries<any>(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Availability for slots [from, to): the tests' publishing Bundle, with the example's Schedule identifier. */
export function availability(from: number, to: number): Json {
  const slots: SlotTime[] = [];
  for (let i = from; i < to; i++) slots.push(slotTime(i));
  const bundle = publishing(slots);
  byType(bundle, 'HealthcareService').resource.name = 'Bench service';
  return bundle;
}
