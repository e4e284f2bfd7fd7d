import { startHub, type Hub } from './support/hub';
import { GPC, GPC_ASID, gpcCall, gpcHeaders, gpcPath, spineOf } from './support/gpconnect';

const SPINE = 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1';

describe('GP Connect: the service root and the Spine headers (GPCONNECT.md §1.1, §1.2)', () => {
  let hub: Hub;
  const metadata = gpcPath('HUB01', '/metadata');

  beforeAll(async () => {
    hub = await startHub({ workers: 0, env: { GPC_ASID } });
  });
  afterAll(() => hub.stop());

  it('serves GET /metadata with every header present', async () => {
    const a = await gpcCall(hub, 'GET', metadata, gpcHeaders('read:metadata-1'));
    expect(a.status).toBe(200);
    expect(a.body.resourceType).toBe('CapabilityStatement');
    expect(a.headers.get('cache-control')).toContain('no-store');
    expect(a.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
  });

  it.each(['Ssp-TraceID', 'Ssp-From', 'Ssp-To', 'Ssp-InteractionID', 'Authorization'])(
    'refuses a request without %s: 400 BAD_REQUEST',
    async (name) => {
      const headers = gpcHeaders('read:metadata-1');
      delete headers[name];
      const a = await gpcCall(hub, 'GET', metadata, headers);
      expect(spineOf(a)).toMatchObject({ status: 400, code: 'BAD_REQUEST', codings: 1, system: SPINE });
      expect(a.body.meta.profile).toEqual(['https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-OperationOutcome-1']);
      expect(a.headers.get('cache-control')).toContain('no-store');
    },
  );

  it.each(['Ssp-TraceID', 'Ssp-From', 'Ssp-To', 'Ssp-InteractionID', 'Authorization'])(
    'refuses a blank %s: 400 BAD_REQUEST',
    async (name) => {
      const headers = { ...gpcHeaders('read:metadata-1'), [name]: ' ' };
      expect(spineOf(await gpcCall(hub, 'GET', metadata, headers))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    },
  );

  it('matches header names case-insensitively (the test suite sends Ssp-InteractionId)', async () => {
    const headers = gpcHeaders('read:metadata-1');
    const lower = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k === 'Ssp-InteractionID' ? 'Ssp-InteractionId' : k.toUpperCase(), v]),
    );
    expect((await gpcCall(hub, 'GET', metadata, lower)).status).toBe(200);
  });

  it('refuses Ssp-To that is not this provider: 400 BAD_REQUEST', async () => {
    const headers = { ...gpcHeaders('read:metadata-1'), 'Ssp-To': '123456789012' };
    expect(spineOf(await gpcCall(hub, 'GET', metadata, headers))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it.each([
    `${GPC}:search:patient-1`,
    `${GPC}:read:metadata-1 `.trim() + 'x',
    'urn:nhs:names:services:gpconnect:fhir:rest:search:organization-1',
  ])('refuses an interaction id that does not match the verb and path (%s): 400 BAD_REQUEST', async (id) => {
    const headers = { ...gpcHeaders('read:metadata-1'), 'Ssp-InteractionID': id };
    expect(spineOf(await gpcCall(hub, 'GET', metadata, headers))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it.each(['/Metadata', '/metadata/', '/metadatas'])('does not serve %s (paths are case-sensitive, no trailing slash)', async (path) => {
    const a = await gpcCall(hub, 'GET', gpcPath('HUB01', path), gpcHeaders('read:metadata-1'));
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(a.body.resourceType).toBe('OperationOutcome');
    expect(a.headers.get('cache-control')).toContain('no-store');
  });

  it.each(['PATCH', 'DELETE', 'OPTIONS', 'POST', 'PUT'])('answers %s /metadata with a non-2xx OperationOutcome', async (method) => {
    const a = await gpcCall(hub, method, metadata, gpcHeaders('read:metadata-1'));
    expect(a.status).toBe(400);
    expect(spineOf(a).code).toBe('BAD_REQUEST');
    expect(a.body.resourceType).toBe('OperationOutcome');
  });

  it('answers an unknown ODS code with 404 ORGANISATION_NOT_FOUND', async () => {
    const a = await gpcCall(hub, 'GET', gpcPath('ZZZ99', '/metadata'), gpcHeaders('read:metadata-1'));
    expect(spineOf(a)).toMatchObject({ status: 404, code: 'ORGANISATION_NOT_FOUND' });
  });
});

describe('GP Connect without GPC_ASID', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ workers: 0 });
  });
  afterAll(() => hub.stop());

  it('is off: 404', async () => {
    const a = await gpcCall(hub, 'GET', gpcPath('HUB01', '/metadata'), gpcHeaders('read:metadata-1'));
    expect(a.status).toBe(404);
    expect(a.body.resourceType).toBe('OperationOutcome');
  });
});
