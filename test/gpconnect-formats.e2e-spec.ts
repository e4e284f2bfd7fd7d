import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { startHub, type Hub } from './support/hub';
import { GPC_ASID, gpcCall, gpcHeaders, gpcPath, spineOf } from './support/gpconnect';

const XML = 'application/fhir+xml';
const JSON_TYPE = 'application/fhir+json';

describe('GP Connect: formats, caching, gzip, the CapabilityStatement (GPCONNECT.md §1.4, §4)', () => {
  let hub: Hub;
  const metadata = gpcPath('HUB01', '/metadata');
  const get = (path: string, extra: Record<string, string> = {}, interaction = 'read:metadata-1') =>
    gpcCall(hub, 'GET', path, { ...gpcHeaders(interaction), ...extra });

  beforeAll(async () => {
    hub = await startHub({ workers: 0, env: { GPC_ASID } });
  });
  afterAll(() => hub.stop());

  it.each([
    ['nothing', {}, '', JSON_TYPE],
    ['Accept XML', { Accept: XML }, '', XML],
    ['Accept JSON', { Accept: JSON_TYPE }, '', JSON_TYPE],
    ['_format XML over Accept JSON', { Accept: JSON_TYPE }, '?_format=application/fhir%2Bxml', XML],
    ['_format JSON over Accept XML', { Accept: XML }, '?_format=application/fhir%2Bjson', JSON_TYPE],
    ['_format=xml', {}, '?_format=xml', XML],
    ['Content-Type XML without Accept', { 'Content-Type': XML }, '', XML],
    ['Accept */* and Content-Type XML', { Accept: '*/*', 'Content-Type': XML }, '', XML],
  ])('answers %s in the right format', async (_why, headers, query, type) => {
    const a = await get(`${metadata}${query}`, headers);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')?.startsWith(type)).toBe(true);
    if (type === XML) expect(a.text).toMatch(/<CapabilityStatement xmlns="http:\/\/hl7\.org\/fhir">/);
    else expect(a.body.resourceType).toBe('CapabilityStatement');
  });

  it.each([
    ['Accept text/html', { Accept: 'text/html' }, ''],
    ['_format text/csv', {}, '?_format=text/csv'],
  ])('refuses %s: 415 with an OperationOutcome', async (_why, headers, query) => {
    const a = await get(`${metadata}${query}`, headers);
    expect(a.status).toBe(415);
    expect(a.body.resourceType).toBe('OperationOutcome');
    expect(a.headers.get('cache-control')).toContain('no-store');
  });

  it('sends errors in XML when XML was asked for', async () => {
    const a = await get(gpcPath('HUB01', '/Patient/unknown'), { Accept: XML }, 'read:patient-1');
    expect(a.status).toBe(404);
    expect(a.headers.get('content-type')?.startsWith(XML)).toBe(true);
    expect(a.text).toContain('<OperationOutcome xmlns="http://hl7.org/fhir">');
    expect(a.text).toContain('<code value="PATIENT_NOT_FOUND"/>');
  });

  it('gzips when asked (Accept-Encoding: gzip)', async () => {
    const { headers, body } = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const url = new URL(`${hub.baseUrl}${metadata}`);
      const req = request(url, { headers: { ...gpcHeaders('read:metadata-1'), 'Accept-Encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(headers['content-encoding']).toBe('gzip');
    expect(headers['cache-control']).toContain('no-store');
    expect(JSON.parse(gunzipSync(body).toString('utf8')).resourceType).toBe('CapabilityStatement');
  });

  it('describes the surface: version 1.2.7, FHIR 3.0.1, both formats, the served resources and interactions', async () => {
    const { body } = await get(metadata);
    expect(body).toMatchObject({ version: '1.2.7', fhirVersion: '3.0.1', acceptUnknown: 'both', format: [JSON_TYPE, XML] });
    expect(body.implementation.url).toBe(`${hub.env.PUBLIC_BASE_URL ?? 'http://localhost:0'}/HUB01/STU3/1/gpconnect`);
    const resources = Object.fromEntries(body.rest[0].resource.map((r: any) => [r.type, r.interaction.map((i: any) => i.code).sort()]));
    expect(resources).toMatchObject({
      Patient: ['read', 'search-type'],
      Organization: ['read', 'search-type'],
      Practitioner: ['read', 'search-type'],
      Location: ['read'],
    });
    const patient = body.rest[0].resource.find((r: any) => r.type === 'Patient');
    expect(patient.searchParam).toEqual([expect.objectContaining({ name: 'identifier', type: 'token' })]);
    expect(body.profile.map((p: any) => p.reference)).toContain(
      'https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-OperationOutcome-1',
    );
  });

  it('keeps the BaRS CapabilityStatement free of GP Connect routes', async () => {
    const res = await fetch(`${hub.baseUrl}/metadata`, { headers: { Accept: 'application/fhir+json' } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain('gpconnect');
    expect(JSON.parse(text).fhirVersion).toBe('4.0.1');
  });

  it('ignores unknown search parameters', async () => {
    const a = await get(
      gpcPath('HUB01', '/Organization?identifier=https://fhir.nhs.uk/Id/ods-organization-code|A20047&_sort=date&foo=bar'),
      {},
      'search:organization-1',
    );
    expect(a.status).toBe(200);
    expect(a.body.type).toBe('searchset');
  });

  it('answers a POST that is not implemented yet, or malformed, with an OperationOutcome and no-store', async () => {
    const a = await gpcCall(
      hub,
      'POST',
      gpcPath('HUB01', '/Appointment'),
      { ...gpcHeaders('create:appointment-1'), 'Content-Type': JSON_TYPE },
      '{',
    );
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(a.body.resourceType).toBe('OperationOutcome');
    expect(spineOf(a).codings).toBe(1);
    expect(a.headers.get('cache-control')).toContain('no-store');
  });
});
