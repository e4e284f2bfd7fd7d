import { startHub, type Hub } from './support/hub';
import { publish, recOf } from './support/http';
import { availability, futureSlot, type Json } from './support/messages';

describe('POST /admin/availability publishes services, schedules and slots', () => {
  let hub: Hub;
  beforeAll(async () => (hub = await startHub({ workers: 0 })));
  afterAll(() => hub?.stop());

  const counts = async (): Promise<Json> =>
    (
      await hub.sql.query(
        'SELECT (SELECT count(*) FROM healthcare_service) s, (SELECT count(*) FROM schedule) c, (SELECT count(*) FROM slot) t',
      )
    ).rows[0];

  it('refuses a missing or wrong bearer token with 401 REC_UNAUTHORIZED', async () => {
    for (const token of [null, 'wrong-token-wrong-token']) {
      const res = await publish(hub, availability([futureSlot(0)]), token);
      expect(res.status).toBe(401);
      expect(recOf(res)).toMatchObject({ code: 'REC_UNAUTHORIZED', issue: 'security' });
    }
    expect(await counts()).toEqual({ s: '0', c: '0', t: '0' });
  });

  it('stores the resources and answers them with hub ids and references', async () => {
    const res = await publish(hub, availability([futureSlot(0), futureSlot(1)], { useCases: ['A1T1'] }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const [service, schedule, ...slots] = res.body.entry.map((e: Json) => e.resource);
    expect(service).toMatchObject({ resourceType: 'HealthcareService', id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(schedule.actor[0].reference).toBe(`HealthcareService/${service.id}`);
    expect(slots).toHaveLength(2);
    expect(slots[0]).toMatchObject({
      resourceType: 'Slot',
      status: 'free',
      start: futureSlot(0).start,
      schedule: { reference: `Schedule/${schedule.id}` },
    });
    const row = (await hub.sql.query('SELECT use_cases FROM healthcare_service WHERE id = $1', [service.id])).rows[0];
    expect(JSON.parse(row.use_cases)).toEqual(['a1t1']);
  });

  it('is an upsert: the same Bundle again creates nothing and answers the same ids', async () => {
    const bundle = availability([futureSlot(0), futureSlot(1)]);
    const before = await counts();
    const first = await publish(hub, bundle);
    const second = await publish(hub, bundle);
    expect(await counts()).toEqual(before);
    expect(second.body.entry.map((e: Json) => e.resource.id)).toEqual(first.body.entry.map((e: Json) => e.resource.id));
  });

  it('publishes the same new service from many requests at once: every one 200, stored once', async () => {
    // A service, schedule and slots none of the others publish, so every request races to create them.
    const bundle = availability([futureSlot(900), futureSlot(901)], { dosId: '222222222' });
    const answers = await Promise.all(Array.from({ length: 12 }, () => publish(hub, bundle)));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const ids = new Set(answers.map((a) => a.body.entry[0].resource.id));
    expect(ids.size).toBe(1);
    const stored = await hub.sql.query(`SELECT count(*)::int n FROM healthcare_service WHERE dos_id = '222222222'`);
    expect(stored.rows[0].n).toBe(1);
    const slots = await hub.sql.query('SELECT count(*)::int n FROM slot WHERE start_at IN ($1, $2)', [
      futureSlot(900).start,
      futureSlot(901).start,
    ]);
    expect(slots.rows[0].n).toBe(2);
  });

  it('never frees a booked slot when its availability is published again', async () => {
    await hub.sql.query(`UPDATE slot SET status = 'busy' WHERE start_at = $1`, [futureSlot(0).start]);
    const res = await publish(hub, availability([futureSlot(0)]));
    expect(res.body.entry[2].resource.status).toBe('busy');
    expect((await hub.sql.query('SELECT status FROM slot WHERE start_at = $1', [futureSlot(0).start])).rows[0].status).toBe('busy');
  });

  it.each([
    ['a Bundle of another type', (b: Json) => ({ ...b, type: 'searchset' }), 'invalid', /collection/],
    ['a service without a DoS id', (b: Json) => ((b.entry[0].resource.identifier = []), b), 'invalid', /entry\[0\].*dos-service-id/],
    ['a schedule without its service', (b: Json) => ((b.entry[1].resource.actor = []), b), 'invalid', /entry\[1\]: Schedule.actor/],
    [
      'a slot ending before it starts',
      (b: Json) => ((b.entry[2].resource.end = '2000-01-01T00:00:00Z'), b),
      'value',
      /entry\[2\]: Slot.end/,
    ],
    ['a slot with a bad status', (b: Json) => ((b.entry[2].resource.status = 'open'), b), 'value', /entry\[2\]: Slot.status/],
  ])('refuses %s with a 400 naming the problem', async (_label, mutate, issue, diagnostics) => {
    const res = await publish(hub, mutate(availability([futureSlot(5)])));
    expect(res.status).toBe(400);
    expect(recOf(res)).toMatchObject({ code: 'REC_BAD_REQUEST', issue });
    expect(recOf(res).diagnostics).toMatch(diagnostics);
  });
});
