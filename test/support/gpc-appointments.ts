import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ukLocalDateTime } from '@hub/gpconnect';
import type { Hub } from './hub';
import { practiceEntries } from './gpc-availability';
import { gpcCall, gpcHeaders, gpcPath } from './gpconnect';
import type { Answer } from './http';
import { DOS_ID, EXAMPLE_SCHEDULE, type Json, type SlotTime } from './messages';
import { fixturesRoot } from './paths';

export const ODS = 'HUB01';
export const DELIVERY_CHANNEL = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-DeliveryChannel-2';
export const PRACTITIONER_ROLE = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-PractitionerRole-1';
export const CANCELLATION_REASON = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-AppointmentCancellationReason-1';
export const APPOINTMENT_PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-Appointment-1';

/** A published example of the GP Connect 1.2.7 spec (provenance: test/fixtures/PROVENANCE.md). */
export function gpcFixture(name: string): Json {
  return JSON.parse(readFileSync(resolve(fixturesRoot, 'gpconnect/gpconnect-spec_develop_1.2.7/appointments', name), 'utf8'));
}

/** Availability with what GP Connect shows: slot type and delivery channel, schedule category and practitioner role. */
export function gpcAvailability(slots: SlotTime[]): Json {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      ...practiceEntries(ODS, 'E2E Practice', `${ODS}-1`, 'G13579135'),
      {
        fullUrl: 'urn:uuid:service',
        resource: {
          resourceType: 'HealthcareService',
          identifier: [{ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: DOS_ID }],
          name: 'E2E practice',
        },
      },
      {
        fullUrl: 'urn:uuid:schedule',
        resource: {
          resourceType: 'Schedule',
          identifier: [EXAMPLE_SCHEDULE],
          actor: [{ reference: 'urn:uuid:service' }, { reference: 'urn:uuid:location' }, { reference: 'urn:uuid:practitioner' }],
          serviceCategory: [{ text: 'General GP Appointments' }],
          extension: [
            {
              url: PRACTITIONER_ROLE,
              valueCodeableConcept: {
                coding: [
                  {
                    system: 'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1',
                    code: 'R0260',
                    display: 'General Medical Practitioner',
                  },
                ],
              },
            },
          ],
        },
      },
      ...slots.map((s) => ({
        resource: {
          resourceType: 'Slot',
          schedule: { reference: 'urn:uuid:schedule' },
          status: 'free',
          start: s.start,
          end: s.end,
          serviceType: [{ text: 'General GP Appointment' }],
          extension: [{ url: DELIVERY_CHANNEL, valueCode: 'In-person' }],
        },
      })),
    ],
  };
}

/** The hub id of the published Location (the one of gpcAvailability). */
export async function publishedLocation(hub: Hub): Promise<string> {
  return (await hub.sql.query('SELECT id FROM location LIMIT 1')).rows[0].id;
}

/** The spec's book request, for these slots (hub ids, times in UK local time), patient and location. */
export function bookBody(slots: Array<SlotTime & { id: string }>, patientId: string, locationId: string): Json {
  const body = gpcFixture('book_appt_request_example.json');
  body.start = ukLocalDateTime(slots[0].start);
  body.end = ukLocalDateTime(slots[slots.length - 1].end);
  body.created = ukLocalDateTime(new Date());
  body.slot = slots.map((s) => ({ reference: `Slot/${s.id}` }));
  body.participant = [
    { actor: { reference: `Patient/${patientId}` }, status: 'accepted' },
    { actor: { reference: `Location/${locationId}` }, status: 'accepted' },
  ];
  return body;
}

const JSON_TYPE = { 'Content-Type': 'application/fhir+json' };

export function gpcBook(hub: Hub, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return gpcCall(hub, 'POST', gpcPath(ODS, '/Appointment'), { ...gpcHeaders('create:appointment-1'), ...JSON_TYPE, ...headers }, body);
}

export function gpcRead(hub: Hub, id: string, headers: Record<string, string> = {}, query = ''): Promise<Answer> {
  return gpcCall(hub, 'GET', gpcPath(ODS, `/Appointment/${id}${query}`), { ...gpcHeaders('read:appointment-1'), ...headers });
}

export function gpcAmend(hub: Hub, id: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return gpcCall(hub, 'PUT', gpcPath(ODS, `/Appointment/${id}`), { ...gpcHeaders('update:appointment-1'), ...JSON_TYPE, ...headers }, body);
}

export function gpcCancel(hub: Hub, id: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return gpcCall(hub, 'PUT', gpcPath(ODS, `/Appointment/${id}`), { ...gpcHeaders('cancel:appointment-1'), ...JSON_TYPE, ...headers }, body);
}

/** The appointment as booked, with status cancelled and a cancellation reason (what PTS sends to cancel). */
export function cancelBody(booked: Json, reason = 'double booked'): Json {
  const body = JSON.parse(JSON.stringify(booked));
  body.status = 'cancelled';
  body.extension = [...(body.extension ?? []), { url: CANCELLATION_REASON, valueString: reason }];
  return body;
}

export function gpcSlots(hub: Hub, query: string, headers: Record<string, string> = {}): Promise<Answer> {
  return gpcCall(hub, 'GET', gpcPath(ODS, `/Slot?${query}`), { ...gpcHeaders('search:slot-1'), ...headers });
}

export function gpcRetrieve(hub: Hub, patientId: string, query: string, headers: Record<string, string> = {}): Promise<Answer> {
  return gpcCall(hub, 'GET', gpcPath(ODS, `/Patient/${patientId}/Appointment?${query}`), {
    ...gpcHeaders('search:patient_appointments-1'),
    ...headers,
  });
}
