import { startHub, type Hub } from './support/hub';
import { call, postMessage, publish, recOf, type Answer } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, resource } from './support/messages';
import { nhsNumber, searchPointers, subjectQuery, withPatient } from './support/pointers';

const BASE = 'https://hub.e2e.example';

describe('the pointer registry: GET /DocumentReference (BARS.md §3)', () => {
  let hub: Hub;
  const many = nhsNumber(1);
  const one = nhsNumber(2);
  const nobody = nhsNumber(3);
  const appointments: string[] = [];
  beforeAll(async () => {
    hub = await startHub({ env: { PUBLIC_BASE_URL: BASE } });
    expect((await publish(hub, availability(Array.from({ length: 26 }, (_, i) => futureSlot(i))))).status).toBe(200);
    for (let i = 0; i < 25; i++) {
      const res = await postMessage(hub, withPatient(bookingMessage(futureSlot(i)), many), barsHeaders());
      expect(res.status).toBe(200);
      appointments.push(resource(res.body, 'Appointment').id);
    }
    expect((await postMessage(hub, withPatient(bookingMessage(futureSlot(25)), one), barsHeaders())).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  const expectRec = (res: Answer, status: number, code: string, issue: string): void =>
    expect({ status: res.status, ...recOf(res) }).toMatchObject({ status, code, issue });
  const ids = (res: Answer): string[] =>
    res.body.entry.map((e: { resource: { identifier: Array<{ value: string }> } }) => e.resource.identifier[0].value);

  it('pages 20 at a time with a next-page-token link, every pointer once', async () => {
    const first = await searchPointers(hub, subjectQuery(many));
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('application/fhir+json');
    expect(first.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 25 });
    expect(first.body.entry).toHaveLength(20);
    expect(first.body.entry[0]).toMatchObject({
      fullUrl: `${BASE}/DocumentReference/${first.body.entry[0].resource.id}`,
      search: { mode: 'match' },
    });
    expect(first.body.link[0]).toEqual({ relation: 'self', url: `${BASE}/DocumentReference?${subjectQuery(many)}` });
    const next = first.body.link.find((l: { relation: string }) => l.relation === 'next');
    expect(next.url).toMatch(/&next-page-token=[\w-]+$/);

    const second = await call(hub, 'GET', next.url.slice(BASE.length));
    expect(second.status).toBe(200);
    expect(second.body.total).toBe(25);
    expect(second.body.entry).toHaveLength(5);
    expect(second.body.link.map((l: { relation: string }) => l.relation)).toEqual(['self']);
    expect([...ids(first), ...ids(second)].sort()).toEqual([...appointments].sort());
  });

  it('filters by custodian and type, and an unmatched filter is an empty searchset', async () => {
    const ours = `${subjectQuery(one)}&custodian:identifier=https://fhir.nhs.uk/Id/ods-organization-code|HUB01&type=http://snomed.info/sct|749001000000101`;
    expect((await searchPointers(hub, ours)).body.total).toBe(1);
    for (const other of ['custodian:identifier=https://fhir.nhs.uk/Id/ods-organization-code|RGT', 'type=http://snomed.info/sct|3457005']) {
      const res = await searchPointers(hub, `${subjectQuery(one)}&${other}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0, entry: [] });
    }
  });

  it('a patient with no pointer gets an explicit empty searchset', async () => {
    const res = await searchPointers(hub, subjectQuery(nobody));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0, entry: [] });
  });

  it('no subject:identifier → 400 REC_BAD_REQUEST required', async () => {
    expectRec(await call(hub, 'GET', '/DocumentReference'), 400, 'REC_BAD_REQUEST', 'required');
    expectRec(await searchPointers(hub, 'type=http://snomed.info/sct|749001000000101'), 400, 'REC_BAD_REQUEST', 'required');
  });

  it.each([
    ['no system', 'subject:identifier=9476719931'],
    ['a bad check digit', 'subject:identifier=https://fhir.nhs.uk/Id/nhs-number|9476719932'],
    ['a malformed custodian', `${subjectQuery(one)}&custodian:identifier=RGT`],
    ['a malformed type', `${subjectQuery(one)}&type=appointment`],
    ['a forged page token', `${subjectQuery(one)}&next-page-token=forged`],
  ])('%s → 400 REC_BAD_REQUEST value', async (_label, query) => {
    expectRec(await searchPointers(hub, query), 400, 'REC_BAD_REQUEST', 'value');
  });

  it('an unknown id → 404 REC_NOT_FOUND; a malformed one → 400 value', async () => {
    expectRec(await call(hub, 'GET', '/DocumentReference/HUB01-00000000-0000-4000-8000-000000000000'), 404, 'REC_NOT_FOUND', 'not-found');
    expectRec(await call(hub, 'GET', '/DocumentReference/not%20an%20id'), 400, 'REC_BAD_REQUEST', 'value');
  });

  it('is read-only: other methods → 405 with Allow: GET', async () => {
    for (const [method, path] of [
      ['POST', '/DocumentReference'],
      ['PUT', '/DocumentReference/HUB01-x'],
      ['DELETE', '/DocumentReference/HUB01-x'],
    ]) {
      const res = await call(hub, method, path, { headers: { 'Content-Type': 'application/fhir+json' }, body: {} });
      expectRec(res, 405, 'REC_METHOD_NOT_ALLOWED', 'not-supported');
      expect(res.headers.get('allow')).toBe('GET');
    }
  });

  it('an Accept version this hub does not speak → 406', async () => {
    expectRec(
      await searchPointers(hub, subjectQuery(one), { Accept: 'application/fhir+json;version=2.0.0' }),
      406,
      'REC_NOT_ACCEPTABLE',
      'processing',
    );
    expect((await searchPointers(hub, subjectQuery(one), { Accept: 'application/fhir+json;version=1.1.0' })).status).toBe(200);
  });
});
