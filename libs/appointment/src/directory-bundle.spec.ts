import { RecError, type Bundle, type BundleEntry } from '@hub/fhir';
import { parseAvailability } from './availability-bundle';
import { DELIVERY_CHANNEL_URL } from './directory-bundle';

const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';
const SDS = 'https://fhir.nhs.uk/Id/sds-user-id';

function bundle(extra: Partial<Record<'slot' | 'schedule', object>> = {}): Bundle {
  const entry: BundleEntry[] = [
    {
      fullUrl: 'urn:uuid:org',
      resource: { resourceType: 'Organization', identifier: [{ system: ODS, value: 'a20047' }], name: 'Practice' },
    },
    {
      fullUrl: 'urn:uuid:loc',
      resource: {
        resourceType: 'Location',
        identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-site-code', value: 'A20047-1' }],
        name: 'Surgery',
        managingOrganization: { reference: 'urn:uuid:org' },
      },
    },
    {
      fullUrl: 'urn:uuid:gp',
      resource: {
        resourceType: 'Practitioner',
        identifier: [{ system: SDS, value: 'G1' }],
        name: [{ family: 'Parsons' }],
        gender: 'female',
      },
    },
    {
      resource: {
        resourceType: 'PractitionerRole',
        practitioner: { reference: 'urn:uuid:gp' },
        organization: { reference: 'urn:uuid:org' },
      },
    },
    {
      fullUrl: 'urn:uuid:svc',
      resource: { resourceType: 'HealthcareService', identifier: [{ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: '1' }] },
    },
    {
      fullUrl: 'urn:uuid:sch',
      resource: {
        resourceType: 'Schedule',
        actor: [{ reference: 'urn:uuid:svc' }, { reference: 'urn:uuid:loc' }, { reference: 'urn:uuid:gp' }],
        serviceCategory: [{ text: 'General GP Appointments' }],
        ...extra.schedule,
      },
    },
    {
      resource: {
        resourceType: 'Slot',
        schedule: { reference: 'urn:uuid:sch' },
        status: 'free',
        start: '2030-01-01T10:00:00Z',
        end: '2030-01-01T10:15:00Z',
        serviceType: [{ text: 'Routine' }],
        extension: [{ url: DELIVERY_CHANNEL_URL, valueCode: 'In-person' }],
        ...extra.slot,
      },
    },
  ];
  return { resourceType: 'Bundle', type: 'collection', entry };
}

const refusal = (b: Bundle): string => {
  try {
    parseAvailability(b);
  } catch (e) {
    if (e instanceof RecError) return `${e.status} ${e.diagnostics}`;
    throw e;
  }
  return 'accepted';
};

describe('parseAvailability: the GP Connect directory', () => {
  it('reads organisations, locations, practitioners, roles and the schedule actors', () => {
    const a = parseAvailability(bundle());
    expect(a.directory.organizations).toMatchObject([{ key: 'organization:0', odsCode: 'A20047' }]);
    expect(a.directory.locations).toMatchObject([
      { key: 'location:1', identifierKey: 'https://fhir.nhs.uk/id/ods-site-code|A20047-1', organizationKey: 'organization:0' },
    ]);
    expect(a.directory.practitioners).toMatchObject([{ key: 'practitioner:2', sdsUserId: 'G1' }]);
    expect(a.directory.roles).toMatchObject([{ practitionerKey: 'practitioner:2', organizationKey: 'organization:0' }]);
    expect(a.schedules).toMatchObject([{ locationKey: 'location:1', practitionerKey: 'practitioner:2', serviceKey: 'service:4' }]);
  });

  it('refuses a delivery channel outside the value set', () => {
    expect(refusal(bundle({ slot: { extension: [{ url: DELIVERY_CHANNEL_URL, valueCode: 'Carrier pigeon' }] } }))).toMatch(
      /^400 entry\[6\]: the delivery channel must be one of In-person, Telephone, Video/,
    );
  });

  it('refuses a Location actor that is not an entry of the Bundle', () => {
    expect(refusal(bundle({ schedule: { actor: [{ reference: 'urn:uuid:svc' }, { reference: 'Location/elsewhere' }] } }))).toMatch(
      /^400 entry\[5\]: Schedule.actor Location must reference a Location entry/,
    );
  });

  it('refuses an Organization without an ODS code and a Location without an identifier', () => {
    const b = bundle();
    (b.entry?.[0].resource as { identifier: unknown[] }).identifier = [];
    expect(refusal(b)).toMatch(/^400 entry\[0\]: Organization needs an identifier/);
    const c = bundle();
    delete (c.entry?.[1].resource as { identifier?: unknown }).identifier;
    expect(refusal(c)).toMatch(/^400 entry\[1\]: Location needs an identifier/);
  });

  it('takes a Bundle of directory entries alone', () => {
    const b = bundle();
    b.entry = b.entry?.slice(0, 4);
    expect(parseAvailability(b).services).toEqual([]);
  });
});
