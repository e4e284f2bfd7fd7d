import { Systems, type Bundle, type Slot } from '@hub/fhir';
import { randomUUID } from 'node:crypto';

/**
 * A booking-request/new message for one slot, shaped like the BaRS API's `Booking (POST).json` example
 * but trimmed to what the MessageDefinition requires. The patient is fictitious (9000000009 is an NHS
 * test number).
 */
export function exampleBookingMessage(dosId: string, slot: Slot, hubOds: string): Bundle {
  const now = new Date().toISOString();
  const meta = { lastUpdated: now };
  const u = (): string => `urn:uuid:${randomUUID()}`;
  const [header, appointment, patient, slotUrl, schedule, service, receiver, sender] = [u(), u(), u(), u(), u(), u(), u(), u()];
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { versionId: '1.0.0', lastUpdated: now, profile: ['https://fhir.nhs.uk/StructureDefinition/BARSBundleMessage'] },
    type: 'message',
    timestamp: now,
    entry: [
      {
        fullUrl: header,
        resource: {
          resourceType: 'MessageHeader',
          meta,
          eventCoding: { system: Systems.messageEvents, code: 'booking-request' },
          destination: [{ endpoint: `${Systems.dosServiceId}|${dosId}`, receiver: { reference: receiver } }],
          sender: { reference: sender },
          source: { name: 'Example sender', endpoint: `${Systems.dosServiceId}|2000000000` },
          reason: { coding: [{ system: Systems.messageReasons, code: 'new' }] },
          focus: [{ reference: appointment }],
          definition: 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request',
        },
      },
      {
        fullUrl: appointment,
        resource: {
          resourceType: 'Appointment',
          meta,
          status: 'booked',
          serviceCategory: [{ coding: [{ system: Systems.useCases, code: 'a1t1' }] }],
          description: 'Example booking',
          start: slot.start,
          end: slot.end,
          slot: [{ reference: slotUrl }],
          participant: [{ actor: { reference: patient }, status: 'accepted' }],
        },
      },
      {
        fullUrl: patient,
        resource: {
          resourceType: 'Patient',
          meta,
          identifier: [{ system: Systems.nhsNumber, value: '9000000009' }],
          name: [{ family: 'Example', given: ['Pat'] }],
          birthDate: '1980-01-01',
        },
      },
      {
        fullUrl: slotUrl,
        resource: {
          resourceType: 'Slot',
          meta,
          id: slot.id,
          schedule: { reference: schedule },
          status: 'busy',
          start: slot.start,
          end: slot.end,
        },
      },
      { fullUrl: schedule, resource: { resourceType: 'Schedule', meta, actor: [{ reference: service }] } },
      {
        fullUrl: service,
        resource: { resourceType: 'HealthcareService', meta, identifier: [{ system: Systems.dosServiceId, value: dosId }] },
      },
      {
        fullUrl: receiver,
        resource: {
          resourceType: 'Organization',
          meta,
          identifier: [{ system: Systems.odsOrganisationCode, value: hubOds }],
          name: 'Receiving organisation',
        },
      },
      { fullUrl: sender, resource: { resourceType: 'Organization', meta, name: 'Sending organisation' } },
    ],
  };
}
