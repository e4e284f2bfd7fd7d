import { startHub, type Hub } from './support/hub';
import { call, postMessage, publish, type Answer } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, type Json } from './support/messages';

const NHS = '9476719931'; // the official example's patient
const SLOTS = [800, 801, 802, 803, 804].map(futureSlot);

/** GET /Slot and GET /Appointment behave like FHIR searches: every problem at once, _count, paging links, total. */
describe('FHIR searches: all problems in one answer, _count and paging', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
    expect((await publish(hub, availability(SLOTS))).status).toBe(200);
    for (const slot of SLOTS.slice(0, 3)) expect((await postMessage(hub, bookingMessage(slot), barsHeaders())).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  const get = (path: string): Promise<Answer> => call(hub, 'GET', path, { headers: { Accept: 'application/fhir+json' } });
  const issues = (res: Answer): Array<{ code: string; rec: string; diagnostics: string }> =>
    res.body.issue.map((i: Json) => ({ code: i.code, rec: i.details.coding[0].code, diagnostics: i.diagnostics }));
  const link = (res: Answer, relation: string): string | undefined =>
    res.body.link.find((l: Json) => l.relation === relation)?.url.replace(/^https?:\/\/[^/]+/, '');
  const ids = (res: Answer): string[] => res.body.entry.filter((e: Json) => e.search.mode === 'match').map((e: Json) => e.resource.id);
  const range = `start=ge${encodeURIComponent(SLOTS[0].start)}&start=le${encodeURIComponent(SLOTS[4].start)}`;

  describe('GET /Slot', () => {
    it('reports every missing parameter in one OperationOutcome, one issue each', async () => {
      const res = await get('/Slot');
      expect(res.status).toBe(400);
      expect(res.body.resourceType).toBe('OperationOutcome');
      const found = issues(res);
      expect(found).toHaveLength(4);
      expect(found.every((i) => i.code === 'required' && i.rec === 'REC_BAD_REQUEST')).toBe(true);
      for (const param of ['status', 'start=ge', 'start=le', 'Schedule.actor:HealthcareService']) {
        expect({ param, named: found.some((i) => i.diagnostics.startsWith(param)) }).toEqual({ param, named: true });
      }
    });

    it('reports every invalid parameter at once', async () => {
      const res = await get('/Slot?status=maybe&start=geyesterday&start=le2031-13-45&Schedule.actor:HealthcareService=111111111&_count=-1');
      expect(res.status).toBe(400);
      const found = issues(res);
      expect(found.map((i) => i.code)).toEqual(['value', 'value', 'value', 'value']);
      expect(found.map((i) => i.diagnostics.split(' ')[0])).toEqual(['status', 'start=ge', 'start=le', '_count']);
    });

    it('honours _count, counts every match in total, and pages with next and previous links that work', async () => {
      const first = await get(`/Slot?status=free,busy&${range}&Schedule.actor:HealthcareService=111111111&_count=2`);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 5 });
      expect(ids(first)).toHaveLength(2);
      expect(link(first, 'previous')).toBeUndefined();

      const second = await get(link(first, 'next') as string);
      expect(second.status).toBe(200);
      expect(second.body.total).toBe(5);
      expect(ids(second)).toHaveLength(2);
      const third = await get(link(second, 'next') as string);
      expect(ids(third)).toHaveLength(1);
      expect(link(third, 'next')).toBeUndefined();

      const all = [...ids(first), ...ids(second), ...ids(third)];
      expect(new Set(all).size).toBe(5);
      const back = await get(link(third, 'previous') as string);
      expect(ids(back)).toEqual(ids(second));
      expect(ids(await get(link(third, 'first') as string))).toEqual(ids(first));
    });

    it('_count=0 answers the total only', async () => {
      const res = await get(`/Slot?status=busy&${range}&Schedule.actor:HealthcareService=111111111&_count=0`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(3);
      expect(res.body.entry).toEqual([]);
    });
  });

  describe('GET /Appointment', () => {
    it('reports a search with no patient in one issue, and every invalid parameter at once', async () => {
      const none = await get('/Appointment');
      expect(none.status).toBe(400);
      expect(issues(none)).toEqual([expect.objectContaining({ code: 'required', rec: 'REC_BAD_REQUEST' })]);

      const bad = await get('/Appointment?patient:identifier=12345&_id=nope&date=soon&_count=many&patient:name=Smith');
      expect(bad.status).toBe(400);
      const found = issues(bad);
      expect(found.every((i) => i.rec === 'REC_BAD_REQUEST')).toBe(true);
      expect(found.map((i) => i.code).sort()).toEqual(['required', 'required', 'value', 'value', 'value', 'value']);
    });

    it('honours _count with working paging links and a total of every match', async () => {
      const identifier = encodeURIComponent(`https://fhir.nhs.uk/Id/nhs-number|${NHS}`);
      const first = await get(`/Appointment?patient:identifier=${identifier}&_count=2`);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 3 });
      expect(ids(first)).toHaveLength(2);
      const next = await get(link(first, 'next') as string);
      expect(next.status).toBe(200);
      expect(ids(next)).toHaveLength(1);
      expect(link(next, 'next')).toBeUndefined();
      expect(new Set([...ids(first), ...ids(next)]).size).toBe(3);
      expect(ids(await get(link(next, 'previous') as string))).toEqual(ids(first));
    });
  });
});
