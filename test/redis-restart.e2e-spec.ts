import { startHub, type Hub } from './support/hub';
import { postMessage, publish, recOf, type Answer } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot } from './support/messages';
import { OwnRedis } from './support/own-redis';

describe('Redis restarted under load', () => {
  const redis = new OwnRedis();
  let hub: Hub;
  beforeAll(async () => {
    await redis.start();
    hub = await startHub({ env: { REDIS_URL: redis.url, JOB_LOCK_MS: '2000' } });
    expect((await publish(hub, availability(Array.from({ length: 200 }, (_, i) => futureSlot(i))))).status).toBe(200);
  });
  afterAll(async () => {
    await hub?.stop();
    await redis.destroy();
  });

  it('answers 503 transient while Redis is gone, recovers by itself, and loses or doubles nothing', async () => {
    let next = 0;
    const book = (): Promise<Answer> => postMessage(hub, bookingMessage(futureSlot(next++)), barsHeaders());
    // Warm up one at a time: this checks the path works, not how fast a loaded machine is.
    for (let i = 0; i < 10; i++) expect((await book()).status).toBe(200);

    // Requests in flight while Redis goes away, then requests while it is away.
    const during = Promise.all(Array.from({ length: 40 }, book));
    await redis.stop();
    const down = await book();
    expect(down.status).toBe(503);
    expect(recOf(down)).toMatchObject({ code: 'REC_SERVICE_UNAVAILABLE', issue: 'transient' });
    const inFlight = await during;
    expect(inFlight.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([]);

    await redis.start();
    const restartedAt = Date.now();
    let after = await book();
    for (let i = 0; i < 60 && after.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = await book();
    }
    expect(after.status).toBe(200);

    // Everything accepted finishes; every slot is booked at most once.
    const unfinished = async (): Promise<number> =>
      Number((await hub.sql.query(`SELECT count(*) n FROM inbox_message WHERE state IN ('queued','processing')`)).rows[0].n);
    for (let i = 0; i < 200 && (await unfinished()) > 0; i++) await new Promise((r) => setTimeout(r, 250));
    expect(await unfinished()).toBe(0);
    const db = (await hub.sql.query(`SELECT count(*) n, count(DISTINCT slot_id) s FROM appointment`)).rows[0];
    expect(db.n).toBe(db.s);
    const done = (await hub.sql.query(`SELECT count(*) n FROM inbox_message WHERE state = 'done'`)).rows[0].n;
    expect(done).toBe(db.n);
    const statuses = [...inFlight, down, after].reduce<Record<number, number>>(
      (a, r) => ({ ...a, [r.status]: (a[r.status] ?? 0) + 1 }),
      {},
    );
    process.stdout.write(
      `redis-restart: ${next} bookings, in flight and around the restart answered ${JSON.stringify(statuses)}, ` +
        `${done} done, ${db.n} appointments on ${db.s} slots, all finished ${Date.now() - restartedAt} ms after Redis came back\n`,
    );
  }, 120_000);
});
