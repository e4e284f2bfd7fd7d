import { startHub, type Hub } from './support/hub';
import { call, publish, type Answer } from './support/http';
import { practice, practiceBundle } from './support/gpc-availability';

const byType = (body: any, type: string): any[] => body.entry.map((e: any) => e.resource).filter((r: any) => r.resourceType === type);

describe('POST /admin/availability: the GP Connect directory (issue #16)', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ workers: 0 });
  });
  afterAll(() => hub.stop());

  it('stores Organization, Location, Practitioner and PractitionerRole, and links the schedule to them', async () => {
    const a = await publish(hub, practiceBundle(practice()));
    expect(a.status).toBe(200);
    const [org] = byType(a.body, 'Organization');
    const [location] = byType(a.body, 'Location');
    const [practitioner] = byType(a.body, 'Practitioner');
    const [role] = byType(a.body, 'PractitionerRole');
    const [service] = byType(a.body, 'HealthcareService');
    const [schedule] = byType(a.body, 'Schedule');
    expect(org).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Practice A20047' });
    expect(location.managingOrganization).toEqual({ reference: `Organization/${org.id}` });
    expect(practitioner).toMatchObject({ gender: 'female', name: [{ family: 'Parsons' }] });
    expect(role).toMatchObject({
      practitioner: { reference: `Practitioner/${practitioner.id}` },
      organization: { reference: `Organization/${org.id}` },
    });
    expect(schedule.actor).toEqual([
      { reference: `HealthcareService/${service.id}` },
      { reference: `Location/${location.id}` },
      { reference: `Practitioner/${practitioner.id}` },
    ]);
    expect(schedule.serviceCategory).toEqual([{ text: 'General GP Appointments' }]);
    const [slot] = byType(a.body, 'Slot');
    expect(slot.serviceType).toEqual([{ text: 'General GP Appointment' }]);
    expect(slot.extension[0].valueCode).toBe('In-person');
    const { rows } = await hub.sql.query('SELECT location_id, practitioner_id FROM schedule WHERE id = $1', [schedule.id]);
    expect(rows).toEqual([{ location_id: location.id, practitioner_id: practitioner.id }]);
  });

  it('upserts: the same practice twice keeps every id and takes the new content', async () => {
    const first = await publish(hub, practiceBundle(practice()));
    const changed = practiceBundle(practice());
    changed.entry[0].resource.name = 'Renamed practice';
    changed.entry[2].resource.name = [{ family: 'Parsons-Smith' }];
    const second = await publish(hub, changed);
    expect(second.status).toBe(200);
    for (const type of ['Organization', 'Location', 'Practitioner', 'PractitionerRole', 'Schedule']) {
      expect(byType(second.body, type).map((r) => r.id)).toEqual(byType(first.body, type).map((r) => r.id));
    }
    expect(byType(second.body, 'Organization')[0].name).toBe('Renamed practice');
    const { rows } = await hub.sql.query('SELECT count(*)::int AS n FROM organization');
    expect(rows[0].n).toBe(1);
  });

  it('refuses a delivery channel outside the value set: 400, nothing stored', async () => {
    const b = practiceBundle(practice({ ods: 'B81016', siteCode: 'B81016-1', dosId: '2000048' }));
    b.entry[6].resource.extension[0].valueCode = 'Carrier pigeon';
    const a = await publish(hub, b);
    expect(a.status).toBe(400);
    expect(a.body.resourceType).toBe('OperationOutcome');
    const { rows } = await hub.sql.query("SELECT count(*)::int AS n FROM organization WHERE ods_code = 'B81016'");
    expect(rows[0].n).toBe(0);
  });
});

describe('BaRS GET /Slot: _include of Practitioner, PractitionerRole and Location (BARS.md §3)', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ workers: 0 });
    expect((await publish(hub, practiceBundle(practice()))).status).toBe(200);
  });
  afterAll(() => hub.stop());

  const search = (includes: string[]): Promise<Answer> => {
    const q = new URLSearchParams([
      ['status', 'free'],
      ['start', 'ge2030-03-01T00:00:00Z'],
      ['start', 'le2030-03-02T00:00:00Z'],
      ['Schedule.actor:HealthcareService', '2000047'],
      ...includes.map((i): [string, string] => ['_include', i]),
    ]);
    return call(hub, 'GET', `/Slot?${q.toString()}`, { headers: { Accept: 'application/fhir+json' } });
  };
  const types = (a: Answer): string[] => [...new Set<string>(a.body.entry.map((e: any) => e.resource.resourceType))].sort();

  it('includes them when asked, and lists them in the self link', async () => {
    const a = await search([
      'Slot:schedule',
      'Schedule:actor:Practitioner',
      'Schedule:actor:PractitionerRole',
      'HealthcareService:location',
    ]);
    expect(a.status).toBe(200);
    expect(types(a)).toEqual(['Location', 'Practitioner', 'PractitionerRole', 'Schedule', 'Slot']);
    const self = a.body.link.find((l: any) => l.relation === 'self').url;
    expect(decodeURIComponent(self)).toContain('_include=Schedule:actor:PractitionerRole');
    const practitioner = byTypeOf(a, 'Practitioner')[0];
    expect(byTypeOf(a, 'PractitionerRole')[0].practitioner).toEqual({ reference: `Practitioner/${practitioner.id}` });
  });

  it('leaves them out when not asked', async () => {
    const a = await search(['Slot:schedule']);
    expect(types(a)).toEqual(['Schedule', 'Slot']);
  });
});

const byTypeOf = (a: Answer, type: string): any[] => byType(a.body, type);
