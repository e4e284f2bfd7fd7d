import type { CodeableConcept, Coding, Identifier } from '@hub/fhir';

/** A contact point of the booking organisation (the same shape in FHIR STU3 and R4). */
export interface ContactPoint {
  system?: string;
  value?: string;
  use?: string;
}

/**
 * The organisation on whose behalf a booking was made (GP Connect's booking organisation, GPCONNECT.md
 * §3.2): stored with the appointment and returned on every later read.
 */
export interface BookingOrganisation {
  odsCode: string;
  name: string;
  telecom: ContactPoint[];
  /** The organisation type, when the consumer gave one. */
  type?: Coding;
}

/** A participant of a slot booking: a hub reference (`Patient/{id}`, `Location/{id}`, `Practitioner/{id}`). */
export interface BookingParticipant {
  reference: string;
  status: string;
  type?: CodeableConcept[];
}

/** Book adjacent slots of one schedule for one patient. Instants are ISO-8601 UTC (`…Z`), as stored. */
export interface BookSlotsCommand {
  kind: 'book-slots';
  slotIds: string[];
  /** What the consumer says the appointment spans: must equal the first slot's start and the last's end. */
  start: string;
  end: string;
  patientId: string;
  /** Where the appointment takes place: must be published, and the schedule's location when it has one. */
  locationId?: string;
  participants: BookingParticipant[];
  bookingOrganisation: BookingOrganisation;
  description: string;
  comment?: string;
  identifiers?: Identifier[];
  priority?: number;
}

/** Whether to check the appointment's version: `ifMatch` as the consumer sent it, `basis` as the api compared it. */
export interface VersionGuard {
  /** From `If-Match`: a stale value is a conflict the consumer asked to be told about. */
  ifMatch?: number;
  /** The version the api validated the request against; a later one means the request was checked against old facts. */
  basisVersion?: number;
}

/** Change the free text of a booked, future appointment; nothing else. */
export interface AmendTextCommand extends VersionGuard {
  kind: 'amend-text';
  appointmentId: string;
  description: string;
  comment?: string;
}

/** Cancel a booked, future appointment with a reason, freeing every slot it holds. */
export interface CancelWithReasonCommand extends VersionGuard {
  kind: 'cancel-with-reason';
  appointmentId: string;
  reason: string;
}

/** A slot-based write, as the api stores it in the inbox (`body`) and the worker reads it back. */
export type DirectCommand = BookSlotsCommand | AmendTextCommand | CancelWithReasonCommand;

export function parseDirectCommand(text: string): DirectCommand {
  return JSON.parse(text) as DirectCommand;
}
