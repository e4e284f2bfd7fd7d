/**
 * A publishing Bundle (POST /admin/availability) for a GP practice as GP Connect sees it: the
 * Organization, a Location it manages, a Practitioner with an SDS user id and role, a HealthcareService,
 * one Schedule of the location and practitioner, and free 15-minute slots from `from`.
 */
export interface GpcPractice {
  ods: string;
  dosId: string;
  siteCode: string;
  sdsUserId: string;
  /** Instants (UTC) of the slots' starts. */
  starts: string[];
}

export function practice(overrides: Partial<GpcPractice> = {}): GpcPractice {
  const start = Date.parse('2030-03-01T09:00:00Z');
  return {
    ods: 'A20047',
    dosId: '2000047',
    siteCode: 'A20047-1',
    sdsUserId: 'G13579135',
    starts: [0, 1, 2, 3].map((i) => new Date(start + i * 15 * 60_000).toISOString()),
    ...overrides,
  };
}

export function practiceBundle(p: GpcPractice): Record<string, any> {
  const slot = (start: string, i: number): Record<string, any> => ({
    resource: {
      resourceType: 'Slot',
      identifier: [{ system: 'https://supplier.example/slot', value: `${p.siteCode}-${i}` }],
      schedule: { reference: 'urn:uuid:schedule' },
      status: 'free',
      start,
      end: new Date(Date.parse(start) + 15 * 60_000).toISOString(),
      serviceType: [{ text: 'General GP Appointment' }],
      extension: [{ url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-DeliveryChannel-2', valueCode: 'In-person' }],
    },
  });
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      ...practiceEntries(p.ods, `Practice ${p.ods}`, p.siteCode, p.sdsUserId),
      {
        resource: {
          resourceType: 'PractitionerRole',
          practitioner: { reference: 'urn:uuid:practitioner' },
          organization: { reference: 'urn:uuid:org' },
          code: [
            {
              coding: [
                {
                  system: 'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1',
                  code: 'R0260',
                  display: 'General Medical Practitioner',
                },
              ],
            },
          ],
        },
      },
      {
        fullUrl: 'urn:uuid:service',
        resource: {
          resourceType: 'HealthcareService',
          identifier: [{ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: p.dosId }],
          name: `GP appointments ${p.ods}`,
        },
      },
      {
        fullUrl: 'urn:uuid:schedule',
        resource: {
          resourceType: 'Schedule',
          identifier: [{ system: 'https://supplier.example/diary', value: `${p.siteCode}-diary` }],
          actor: [{ reference: 'urn:uuid:service' }, { reference: 'urn:uuid:location' }, { reference: 'urn:uuid:practitioner' }],
          serviceCategory: [{ text: 'General GP Appointments' }],
          planningHorizon: { start: p.starts[0], end: p.starts[p.starts.length - 1] },
        },
      },
      ...p.starts.map(slot),
    ],
  };
}

/** The practice's Organization, the Location it manages and its Practitioner, as publishing Bundle entries. */
export function practiceEntries(ods: string, name: string, siteCode: string, sdsUserId: string): Record<string, any>[] {
  return [
    {
      fullUrl: 'urn:uuid:org',
      resource: {
        resourceType: 'Organization',
        identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: ods }],
        name,
        telecom: [{ system: 'phone', value: '03003035678', use: 'work' }],
      },
    },
    {
      fullUrl: 'urn:uuid:location',
      resource: {
        resourceType: 'Location',
        identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-site-code', value: siteCode }],
        name: 'Trevelyan Surgery',
        address: { line: ['Trevelyan Square', 'Boar Ln'], city: 'Leeds', postalCode: 'LS1 6AE' },
        managingOrganization: { reference: 'urn:uuid:org' },
      },
    },
    {
      fullUrl: 'urn:uuid:practitioner',
      resource: {
        resourceType: 'Practitioner',
        identifier: [{ system: 'https://fhir.nhs.uk/Id/sds-user-id', value: sdsUserId }],
        name: [{ family: 'Parsons', given: ['Sarah'], prefix: ['Dr'] }],
        gender: 'female',
      },
    },
  ];
}
