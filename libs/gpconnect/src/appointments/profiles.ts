/** Extension and code system URLs of GP Connect Appointment Management 1.2.7 (GPCONNECT.md §4). */
const SD = 'https://fhir.nhs.uk/STU3/StructureDefinition';

export const Extensions = {
  bookingOrganisation: `${SD}/Extension-GPConnect-BookingOrganisation-1`,
  cancellationReason: `${SD}/Extension-GPConnect-AppointmentCancellationReason-1`,
  practitionerRole: `${SD}/Extension-GPConnect-PractitionerRole-1`,
  deliveryChannel: `${SD}/Extension-GPConnect-DeliveryChannel-2`,
} as const;

export const AppointmentSystems = {
  organisationType: 'https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1',
  appointmentIdentifier: 'https://fhir.nhs.uk/Id/gpconnect-appointment-identifier',
} as const;
