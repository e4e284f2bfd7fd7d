import { ADMIN_TOKEN, startHub, type Hub } from './support/hub';
import { call, publish } from './support/http';
import { practice, practiceBundle } from './support/gpc-availability';
import { GPC_ASID, gpcCall, gpcHeaders, gpcPath, spineOf } from './support/gpconnect';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const PATIENT1 = '9658218865'; // patient1 of the provider test suite's NHSNoMap.csv
const patient = (nhs: string, family: string): Record<string, any> => ({
  resourceType: 'Patient',
  identifier: [{ system: NHS, value: nhs }],
  name: [{ family, given: ['Test'] }],
  gender: 'female',
  birthDate: '1970-01-01',
});
const registerPatients = (hub: Hub, patients: unknown[], token: string | null = ADMIN_TOKEN) =>
  call(hub, 'POST', '/admin/patients', {
    headers: { 'Content-Type': 'application/fhir+json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: { resourceType: 'Bundle', type: 'collection', entry: patients.map((resource) => ({ resource })) },
  });

describe('GP Connect Foundations: patients, organisations, practitioners, locations (issue #16)', () => {
  let hub: Hub;
  let published: any[];
  const get = (path: string, interaction: string) => gpcCall(hub, 'GET', gpcPath('A20047', path), gpcHeaders(interaction));

  beforeAll(async () => {
    hub = await startHub({ workers: 0, env: { GPC_ASID } });
    const a = await publish(hub, practiceBundle(practice()));
    expect(a.status).toBe(200);
    published = a.body.entry.map((e: any) => e.resource);
  });
  afterAll(() => hub.stop());
  const idOf = (type: string): string => published.find((r) => r.resourceType === type).id;

  describe('POST /admin/patients', () => {
    it('needs the admin token', async () => {
      expect((await registerPatients(hub, [patient(PATIENT1, 'Bond')], null)).status).toBe(401);
    });

    it('stores the patients and answers them with their ids; a second time updates, same id', async () => {
      const first = await registerPatients(hub, [patient(PATIENT1, 'Bond')]);
      expect(first.status).toBe(200);
      expect(first.body.entry[0].resource).toMatchObject({
        resourceType: 'Patient',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: [{ family: 'Bond' }],
      });
      const second = await registerPatients(hub, [patient(PATIENT1, 'Bond-Smith')]);
      expect(second.body.entry[0].resource.id).toBe(first.body.entry[0].resource.id);
      expect(second.body.entry[0].resource.name[0].family).toBe('Bond-Smith');
    });

    it.each([
      ['an invalid NHS number', [patient('9658218866', 'X')]],
      ['a Patient without NHS number', [{ resourceType: 'Patient', name: [{ family: 'X' }] }]],
      ['a resource that is not a Patient', [{ resourceType: 'Organization', name: 'X' }]],
    ])('refuses %s: 400, nothing stored', async (_why, patients) => {
      const a = await registerPatients(hub, patients);
      expect(a.status).toBe(400);
      expect(a.body.resourceType).toBe('OperationOutcome');
    });
  });

  describe('GET /Patient', () => {
    it('finds a registered patient by NHS number: a searchset of one, without fullUrl', async () => {
      const [stored] = (await registerPatients(hub, [patient(PATIENT1, 'Bond')])).body.entry;
      const a = await get(`/Patient?identifier=${NHS}|${PATIENT1}`, 'search:patient-1');
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
      expect(a.body.entry).toHaveLength(1);
      expect(a.body.entry[0].fullUrl).toBeUndefined();
      expect(a.body.entry[0].resource).toMatchObject({
        resourceType: 'Patient',
        id: stored.resource.id,
        meta: { versionId: expect.any(String), profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Patient-1'] },
        identifier: [{ system: NHS, value: PATIENT1 }],
      });
    });

    it('answers an empty searchset for an unknown valid NHS number, and ignores unknown parameters', async () => {
      const a = await get(`/Patient?identifier=${NHS}|9658219721&_sort=date`, 'search:patient-1');
      expect(a.status).toBe(200);
      expect(a.body.entry).toEqual([]);
    });

    it('refuses an invalid NHS number: 400 INVALID_NHS_NUMBER', async () => {
      expect(spineOf(await get(`/Patient?identifier=${NHS}|1234567890`, 'search:patient-1'))).toMatchObject({
        status: 400,
        code: 'INVALID_NHS_NUMBER',
      });
    });

    it.each(['https://fhir.nhs.uk/Id/nhs-numbers|9658218865', '9658218865'])(
      'refuses identifier=%s: 400 INVALID_IDENTIFIER_SYSTEM',
      async (value) => {
        expect(spineOf(await get(`/Patient?identifier=${value}`, 'search:patient-1'))).toMatchObject({
          status: 400,
          code: 'INVALID_IDENTIFIER_SYSTEM',
        });
      },
    );

    it('reads a patient by id with its ETag; an unknown id is 404 PATIENT_NOT_FOUND', async () => {
      const [stored] = (await registerPatients(hub, [patient(PATIENT1, 'Bond')])).body.entry;
      const a = await get(`/Patient/${stored.resource.id}`, 'read:patient-1');
      expect(a.status).toBe(200);
      expect(a.headers.get('etag')).toBe(`W/"${a.body.meta.versionId}"`);
      expect(spineOf(await get('/Patient/dd', 'read:patient-1'))).toMatchObject({ status: 404, code: 'PATIENT_NOT_FOUND' });
    });

    it('gives a changed patient a new versionId', async () => {
      const [stored] = (await registerPatients(hub, [patient(PATIENT1, 'Bond')])).body.entry;
      const before = (await get(`/Patient/${stored.resource.id}`, 'read:patient-1')).body.meta.versionId;
      await registerPatients(hub, [patient(PATIENT1, 'Changed')]);
      const after = (await get(`/Patient/${stored.resource.id}`, 'read:patient-1')).body.meta.versionId;
      expect(after).not.toBe(before);
    });
  });

  describe('Organization, Practitioner, Location', () => {
    it('finds and reads the published organisation', async () => {
      const found = await get('/Organization?identifier=https://fhir.nhs.uk/Id/ods-organization-code|A20047', 'search:organization-1');
      expect(found.status).toBe(200);
      expect(found.body.entry).toHaveLength(1);
      expect(found.body.entry[0].resource).toMatchObject({
        resourceType: 'Organization',
        id: idOf('Organization'),
        name: 'Practice A20047',
        meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Organization-1'] },
      });
      const read = await get(`/Organization/${idOf('Organization')}`, 'read:organization-1');
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe(`W/"${read.body.meta.versionId}"`);
      expect(spineOf(await get('/Organization/unknown', 'read:organization-1'))).toMatchObject({
        status: 404,
        code: 'ORGANISATION_NOT_FOUND',
      });
      expect(
        spineOf(await get('/Organization?identifier=https://fhir.nhs.uk/Id/ods-site-code|A20047', 'search:organization-1')),
      ).toMatchObject({
        status: 400,
        code: 'INVALID_IDENTIFIER_SYSTEM',
      });
    });

    it('finds and reads the published practitioner, without what the profile leaves out', async () => {
      const found = await get('/Practitioner?identifier=https://fhir.nhs.uk/Id/sds-user-id|G13579135', 'search:practitioner-1');
      expect(found.body.entry).toHaveLength(1);
      const read = await get(`/Practitioner/${idOf('Practitioner')}`, 'read:practitioner-1');
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ resourceType: 'Practitioner', gender: 'female', name: [{ family: 'Parsons' }] });
      expect(read.body.birthDate).toBeUndefined();
      expect(spineOf(await get('/Practitioner/unknown', 'read:practitioner-1'))).toMatchObject({
        status: 404,
        code: 'PRACTITIONER_NOT_FOUND',
      });
    });

    it('reads the published location with its managing organisation resolvable', async () => {
      const read = await get(`/Location/${idOf('Location')}`, 'read:location-1');
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        resourceType: 'Location',
        name: 'Trevelyan Surgery',
        managingOrganization: { reference: `Organization/${idOf('Organization')}` },
      });
      const org = await get(`/${read.body.managingOrganization.reference}`, 'read:organization-1');
      expect(org.status).toBe(200);
      expect(spineOf(await get('/Location/unknown', 'read:location-1'))).toMatchObject({ status: 404, code: 'NO_RECORD_FOUND' });
    });

    it('serves a root for every published organisation, and still the hub own', async () => {
      const hubRoot = await gpcCall(hub, 'GET', gpcPath('HUB01', '/metadata'), gpcHeaders('read:metadata-1'));
      expect(hubRoot.status).toBe(200);
      const unknown = await gpcCall(hub, 'GET', gpcPath('B81016', '/metadata'), gpcHeaders('read:metadata-1'));
      expect(spineOf(unknown)).toMatchObject({ status: 404, code: 'ORGANISATION_NOT_FOUND' });
    });
  });
});
