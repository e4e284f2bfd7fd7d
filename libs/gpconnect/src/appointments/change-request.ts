import { SpineError } from '../spine-error';
import { assertAppointmentShape, bookingOrganisationOf, instantOf } from './book-request';
import { Extensions } from './profiles';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const invalid = (diagnostics: string): SpineError => new SpineError('INVALID_RESOURCE', diagnostics);

/** What an amendment may change (GPCONNECT.md §3.4): the free text, nothing else. */
export interface AmendRequest {
  description: string;
  comment?: string;
}

/** What a cancellation says (GPCONNECT.md §3.5): its reason. */
export interface CancelRequest {
  reason: string;
}

/**
 * An amendment: the consumer sends the appointment as read, with `description` and/or `comment` edited.
 * Anything else that differs from `current` (the appointment as this surface shows it now) is 422
 * INVALID_RESOURCE; so is a cancellation reason.
 */
export function parseAmendRequest(body: Json, id: string, current: fhir3.Appointment): AmendRequest {
  assertUnchanged(body, id, current, { status: 'booked', textMayChange: true });
  if (extensionsOf(body).some((e) => e.url === Extensions.cancellationReason))
    throw invalid('An amendment cannot carry a cancellation reason');
  if (typeof body.description !== 'string' || body.description.trim() === '') throw invalid('Appointment.description is required');
  if (body.comment !== undefined && typeof body.comment !== 'string') throw invalid('Appointment.comment must be a string');
  return { description: body.description, ...(typeof body.comment === 'string' ? { comment: body.comment } : {}) };
}

/**
 * A cancellation: the appointment as read, with `status` cancelled and the cancellation-reason extension
 * added; every other element as it is now. A reason extension missing (or misspelt) is INVALID_RESOURCE,
 * an empty reason INVALID_PARAMETER (PTS Cancel #12, #13).
 */
export function parseCancelRequest(body: Json, id: string, current: fhir3.Appointment): CancelRequest {
  const reasons = extensionsOf(body).filter((e) => e.url === Extensions.cancellationReason);
  if (reasons.length !== 1) throw invalid('A cancellation needs exactly one cancellation reason extension');
  const reason = reasons[0].valueString;
  if (typeof reason !== 'string') throw invalid('The cancellation reason extension needs a valueString');
  if (reason.trim() === '') throw new SpineError('INVALID_PARAMETER', 'The cancellation reason is empty');
  assertUnchanged(body, id, current, { status: 'cancelled', textMayChange: false });
  return { reason };
}

function extensionsOf(body: Json): Json[] {
  return Array.isArray(body.extension) ? body.extension.filter(isObject) : [];
}

/** Compares the elements no change may touch with the appointment as it is now. */
function assertUnchanged(body: Json, id: string, current: fhir3.Appointment, rule: { status: string; textMayChange: boolean }): void {
  assertAppointmentShape(body);
  if (body.id !== undefined && body.id !== id) throw invalid('Appointment.id must be the id in the URL');
  if (body.status !== rule.status) throw invalid(`Appointment.status must be ${rule.status}`);
  for (const element of [
    'reason',
    'specialty',
    'appointmentType',
    'indication',
    'supportingInformation',
    'incomingReferral',
    'requestedPeriod',
  ]) {
    if (body[element] !== undefined) throw invalid(`Appointment.${element} cannot be changed`);
  }
  if (instantOf(body.start, 'Appointment.start') !== instantOf(current.start, 'start'))
    throw invalid('Appointment.start cannot be changed');
  if (instantOf(body.end, 'Appointment.end') !== instantOf(current.end, 'end')) throw invalid('Appointment.end cannot be changed');
  if (!sameList(refs(body.slot), refs(current.slot))) throw invalid('Appointment.slot cannot be changed');
  if (!sameList(participants(body.participant), participants(current.participant)))
    throw invalid('Appointment.participant cannot be changed');
  if ((body.priority ?? null) !== (current.priority ?? null)) throw invalid('Appointment.priority cannot be changed');
  if (body.identifier !== undefined && !sameList(identifiers(body.identifier), identifiers(current.identifier)))
    throw invalid('Appointment.identifier cannot be changed');
  if (body.minutesDuration !== undefined) throw invalid('Appointment.minutesDuration cannot be changed');
  if (!rule.textMayChange) {
    if ((body.description ?? null) !== (current.description ?? null)) throw invalid('A cancellation cannot change Appointment.description');
    if ((body.comment ?? null) !== (current.comment ?? null)) throw invalid('A cancellation cannot change Appointment.comment');
  }
  assertSameExtensions(body, current);
}

/**
 * Extensions sent must be the appointment's (the booking organisation compared by what it says, not by
 * its contained id); the cancellation reason is the caller's to judge. Leaving one out is no change.
 */
function assertSameExtensions(body: Json, current: fhir3.Appointment): void {
  const sent = extensionsOf(body).filter((e) => e.url !== Extensions.cancellationReason);
  for (const e of sent) {
    if (e.url === Extensions.bookingOrganisation) {
      const was = bookingOrganisationOf(extensionsOf(current as unknown as Json), current.contained);
      const now = bookingOrganisationOf([e], body.contained);
      if (was.odsCode !== now.odsCode || was.name !== now.name || JSON.stringify(was.telecom) !== JSON.stringify(now.telecom)) {
        throw invalid('The booking organisation cannot be changed');
      }
      continue;
    }
    const same = (current.extension ?? []).some((c) => c.url === e.url && canonical(c) === canonical(e));
    if (!same) throw invalid(`The extension ${String(e.url).slice(0, 120)} cannot be added or changed`);
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${k}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
}

function refs(value: unknown): string[] {
  return (Array.isArray(value) ? value : []).map((s) => (isObject(s) ? String(s.reference) : ''));
}

function participants(value: unknown): string[] {
  return (Array.isArray(value) ? value : []).map((p) =>
    isObject(p) ? `${isObject(p.actor) ? String(p.actor.reference) : ''}|${String(p.status)}` : '',
  );
}

function identifiers(value: unknown): string[] {
  return (Array.isArray(value) ? value : []).map((i) => (isObject(i) ? `${String(i.system)}|${String(i.value)}` : ''));
}
