/** GP Connect profile and identifier URLs (GPCONNECT.md §4, from the FHIR repo's StructureDefinitions). */
const SD = 'https://fhir.nhs.uk/STU3/StructureDefinition';

export const Profiles = {
  patient: `${SD}/CareConnect-GPC-Patient-1`,
  organization: `${SD}/CareConnect-GPC-Organization-1`,
  practitioner: `${SD}/CareConnect-GPC-Practitioner-1`,
  practitionerRole: `${SD}/CareConnect-GPC-PractitionerRole-1`,
  location: `${SD}/CareConnect-GPC-Location-1`,
  appointment: `${SD}/GPConnect-Appointment-1`,
  slot: `${SD}/GPConnect-Slot-1`,
  schedule: `${SD}/GPConnect-Schedule-1`,
} as const;

export const GpcSystems = {
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  odsOrganization: 'https://fhir.nhs.uk/Id/ods-organization-code',
  odsSite: 'https://fhir.nhs.uk/Id/ods-site-code',
  sdsUser: 'https://fhir.nhs.uk/Id/sds-user-id',
  sdsRoleProfile: 'https://fhir.nhs.uk/Id/sds-role-profile-id',
} as const;
