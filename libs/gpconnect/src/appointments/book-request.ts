import { SpineError } from '../spine-error';
import { GpcSystems, Profiles } from '../profiles';
import { Extensions } from './profiles';
import type { StoredBookingOrganisation } from './stored';

/** A checked GP Connect booking, in the appointment book's terms (hub ids, UTC instants). */
export interface BookRequest {
  slotIds: string[];
  start: string;
  end: string;
  patientId: string;
  locationId: string;
  practitionerId?: string;
  participants: Array<{ reference: string; status: string; type?: fhir4.CodeableConcept[] }>;
  bookingOrganisation: StoredBookingOrganisation;
  description: string;
  comment?: string;
  identifiers?: Array<{ system: string; value: string }>;
  priority?: number;
}

/** The elements of a STU3 Appointment (FHIR 3.0.1); anything else in the JSON is refused (PTS Book #15). */
const APPOINTMENT_ELEMENTS = new Set([
  'resourceType',
  'id',
  'meta',
  'implicitRules',
  'language',
  'text',
  'contained',
  'extension',
  'modifierExtension',
  'identifier',
  'status',
  'serviceCategory',
  'serviceType',
  'specialty',
  'appointmentType',
  'reason',
  'indication',
  'priority',
  'description',
  'supportingInformation',
  'start',
  'end',
  'minutesDuration',
  'slot',
  'created',
  'comment',
  'incomingReferral',
  'participant',
  'requestedPeriod',
]);

/** Elements GP Connect forbids in a booking: the profile's 0..0 ones, and reason/specialty (GPCONNECT.md §3.2). */
const FORBIDDEN = ['reason', 'specialty', 'appointmentType', 'indication', 'supportingInformation', 'incomingReferral', 'requestedPeriod'];

/** A hub id: what `Slot/{id}`, `Patient/{id}`, `Location/{id}` name. */
const HUB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A FHIR id (what Patient, Location and Practitioner ids of the Foundations surface are). */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** `yyyy-mm-ddThh:mm:ss[.fff](Z|±hh:mm)`: a dateTime with a time zone. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const invalid = (diagnostics: string): SpineError => new SpineError('INVALID_RESOURCE', diagnostics);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Checks the shape every GP Connect Appointment body shares: resource type, known elements only. */
export function assertAppointmentShape(body: Json): void {
  if (body.resourceType !== 'Appointment') throw invalid('The resource must be an Appointment');
  for (const key of Object.keys(body)) {
    const element = key.startsWith('_') ? key.slice(1) : key;
    if (!APPOINTMENT_ELEMENTS.has(element)) throw invalid(`Appointment has no element "${key.slice(0, 40)}"`);
  }
}

/** A dateTime with a zone, as an ISO-8601 UTC instant (`…Z`, milliseconds), the form the hub stores. */
export function instantOf(value: unknown, element: string): string {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid(`${element} must be a dateTime with a time zone`);
  }
  return new Date(Date.parse(value)).toISOString();
}

/**
 * Checks a booking request (GPCONNECT.md §3.2, the errors of §2.2) and states it in hub terms. What
 * needs the database (the slots exist and are free, adjacent, equal in time; the patient exists) is the
 * appointment book's to check.
 */
export function parseBookRequest(body: Json): BookRequest {
  assertAppointmentShape(body);
  if (body.id !== undefined) throw invalid('A new Appointment has no id');
  const profiles = isObject(body.meta) && Array.isArray(body.meta.profile) ? body.meta.profile : [];
  if (!profiles.includes(Profiles.appointment)) throw invalid(`Appointment.meta.profile must name ${Profiles.appointment}`);
  for (const element of FORBIDDEN) if (body[element] !== undefined) throw invalid(`Appointment.${element} must not be sent`);
  if (body.status !== 'booked') throw invalid('Appointment.status must be booked');
  const start = instantOf(body.start, 'Appointment.start');
  const end = instantOf(body.end, 'Appointment.end');
  if (end <= start) throw invalid('Appointment.end must be after Appointment.start');
  if (body.created === undefined) throw invalid('Appointment.created is required');
  instantOf(body.created, 'Appointment.created');
  if (!nonEmpty(body.description)) throw invalid('Appointment.description is required');
  if (body.comment !== undefined && typeof body.comment !== 'string') throw invalid('Appointment.comment must be a string');
  if (body.priority !== undefined && !(Number.isInteger(body.priority) && (body.priority as number) >= 0 && (body.priority as number) <= 9))
    throw invalid('Appointment.priority must be an integer from 0 to 9');
  const extensions = Array.isArray(body.extension) ? body.extension.filter(isObject) : [];
  if (extensions.some((e) => e.url === Extensions.cancellationReason)) throw invalid('A new Appointment has no cancellation reason');
  return {
    slotIds: slotIdsOf(body.slot),
    start,
    end,
    ...participantsOf(body.participant),
    bookingOrganisation: bookingOrganisationOf(extensions, body.contained),
    description: body.description,
    ...(typeof body.comment === 'string' ? { comment: body.comment } : {}),
    ...identifiersOf(body.identifier),
    ...(typeof body.priority === 'number' ? { priority: body.priority } : {}),
  };
}

export function slotIdsOf(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('Appointment.slot is required');
  return value.map((s) => {
    const ref = isObject(s) ? s.reference : undefined;
    const id = typeof ref === 'string' && ref.startsWith('Slot/') ? ref.slice(5) : '';
    if (!HUB_ID.test(id)) throw invalid('Appointment.slot must reference slots as Slot/{id} with an id this provider gave');
    return id;
  });
}

function participantsOf(value: unknown): Pick<BookRequest, 'participants' | 'patientId' | 'locationId' | 'practitionerId'> {
  if (!Array.isArray(value) || value.length === 0) throw invalid('Appointment.participant is required');
  const participants: BookRequest['participants'] = [];
  const ids: Record<string, string> = {};
  for (const p of value) {
    if (!isObject(p) || !isObject(p.actor) || !nonEmpty(p.actor.reference))
      throw invalid('Every Appointment.participant needs an actor reference');
    if (!nonEmpty(p.status)) throw invalid('Every Appointment.participant needs a status');
    const [type, id, more] = p.actor.reference.split('/');
    if (more !== undefined || !['Patient', 'Location', 'Practitioner'].includes(type) || !FHIR_ID.test(id ?? '')) {
      throw invalid('Appointment.participant.actor must reference Patient/{id}, Location/{id} or Practitioner/{id}');
    }
    if (ids[type] !== undefined && ids[type] !== id) throw invalid(`Appointment.participant names more than one ${type}`);
    ids[type] = id;
    const codings = Array.isArray(p.type) ? (p.type as fhir4.CodeableConcept[]) : undefined;
    participants.push({ reference: `${type}/${id}`, status: p.status, ...(codings ? { type: codings } : {}) });
  }
  if (ids.Patient === undefined) throw invalid('Appointment.participant must include the patient (Patient/{id})');
  if (ids.Location === undefined) throw invalid('Appointment.participant must include the location (Location/{id})');
  return {
    participants,
    patientId: ids.Patient,
    locationId: ids.Location,
    ...(ids.Practitioner ? { practitionerId: ids.Practitioner } : {}),
  };
}

/** The booking organisation: the extension's `#id` names a contained Organization with ODS code, name and telecom. */
export function bookingOrganisationOf(extensions: Json[], contained: unknown): StoredBookingOrganisation {
  const ext = extensions.filter((e) => e.url === Extensions.bookingOrganisation);
  if (ext.length !== 1) throw invalid('Appointment needs exactly one booking organisation extension');
  const ref = isObject(ext[0].valueReference) ? ext[0].valueReference.reference : undefined;
  if (typeof ref !== 'string' || !ref.startsWith('#'))
    throw invalid('The booking organisation extension must reference a contained Organization (#id)');
  const org: unknown = (Array.isArray(contained) ? (contained as unknown[]) : []).find(
    (c) => isObject(c) && c.resourceType === 'Organization' && `#${String(c.id)}` === ref,
  );
  if (!isObject(org)) throw invalid('The booking organisation extension references no contained Organization');
  const identifiers = Array.isArray(org.identifier) ? org.identifier.filter(isObject) : [];
  const ods = identifiers.find((i) => i.system === GpcSystems.odsOrganization)?.value;
  if (!nonEmpty(ods)) throw invalid('The booking organisation needs an ODS code identifier');
  if (!nonEmpty(org.name)) throw invalid('The booking organisation needs a name');
  const telecom = (Array.isArray(org.telecom) ? org.telecom.filter(isObject) : []).filter((t) => nonEmpty(t.value));
  if (telecom.length === 0) throw invalid('The booking organisation needs a telecom');
  const types = Array.isArray(org.type) ? org.type.filter(isObject) : [];
  const coding = types.flatMap((t) => (Array.isArray(t.coding) ? t.coding.filter(isObject) : []))[0];
  return {
    odsCode: ods,
    name: org.name,
    telecom: telecom.map((t) => ({
      ...(typeof t.system === 'string' ? { system: t.system } : {}),
      value: t.value as string,
      ...(typeof t.use === 'string' ? { use: t.use } : {}),
    })),
    ...(coding && typeof coding.code === 'string'
      ? {
          type: {
            ...(typeof coding.system === 'string' ? { system: coding.system } : {}),
            code: coding.code,
            ...(typeof coding.display === 'string' ? { display: coding.display } : {}),
          },
        }
      : {}),
  };
}

function identifiersOf(value: unknown): Pick<BookRequest, 'identifiers'> {
  if (value === undefined) return {};
  if (!Array.isArray(value)) throw invalid('Appointment.identifier must be a list');
  const identifiers = value.map((i) => {
    if (!isObject(i) || !nonEmpty(i.system) || !nonEmpty(i.value)) throw invalid('Every Appointment.identifier needs a system and a value');
    return { system: i.system, value: i.value };
  });
  return identifiers.length > 0 ? { identifiers } : {};
}
