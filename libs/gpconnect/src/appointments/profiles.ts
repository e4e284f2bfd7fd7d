/** Profile, extension and identifier URLs of GP Connect Appointment Management 1.2.7 (GPCONNECT.md §4). */
const SD = 'https://fhir.nhs.uk/STU3/StructureDefinition';

export const Profiles = {
  appointment: `${SD}/GPConnect-Appointment-1`,
  slot: `${SD}/GPConnect-Slot-1`,
  schedule: `${SD}/GPConnect-Schedule-1`,
  organization: `${SD}/CareConnect-GPC-Organization-1`,
} as const;

export const Extensions = {
  bookingOrganisation: `${SD}/Extension-GPConnect-BookingOrganisation-1`,
  cancellationReason: `${SD}/Extension-GPConnect-AppointmentCancellationReason-1`,
  practitionerRole: `${SD}/Extension-GPConnect-PractitionerRole-1`,
  deliveryChannel: `${SD}/Extension-GPConnect-DeliveryChannel-2`,
} as const;

export const GpcSystems = {
  odsOrganizationCode: 'https://fhir.nhs.uk/Id/ods-organization-code',
  organisationType: 'https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1',
  appointmentIdentifier: 'https://fhir.nhs.uk/Id/gpconnect-appointment-identifier',
} as const;
