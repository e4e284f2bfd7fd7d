import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { startHub, type Hub } from './support/hub';
import { postMessage, publish } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot } from './support/messages';

const MESSAGES = 1000;

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

describe('faults with real processes and real signals', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ replyTimeoutMs: 1500, env: { JOB_LOCK_MS: '2000' } });
    const slots = Array.from({ length: MESSAGES }, (_, i) => futureSlot(i));
    expect((await publish(hub, availability(slots))).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  const unfinished = async (): Promise<number> =>
    Number((await hub.sql.query(`SELECT count(*) n FROM inbox_message WHERE state IN ('queued', 'processing')`)).rows[0].n);

  it(`a worker SIGKILLed among ${MESSAGES} bookings in flight: nothing lost, nothing doubled`, async () => {
    let sent = 0;
    const tasks = Array.from({ length: MESSAGES }, (_, i) => async () => {
      if (++sent === 300) hub.workers[0].child.kill('SIGKILL');
      if (sent === 450) await hub.startWorker();
      return postMessage(hub, bookingMessage(futureSlot(i)), barsHeaders());
    });
    const answers = await pool(tasks, 32);
    const killedAt = Date.now();
    // Every answer is a BaRS answer: booked, still in progress (408) or already seen; never a 5xx.
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);

    for (let i = 0; i < 300 && (await unfinished()) > 0; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await unfinished()).toBe(0);
    const byStatus = answers.reduce<Record<number, number>>((a, r) => ({ ...a, [r.status]: (a[r.status] ?? 0) + 1 }), {});
    process.stdout.write(
      `faults: ${MESSAGES} bookings, answers by status ${JSON.stringify(byStatus)}, all finished ${Date.now() - killedAt} ms after the last answer\n`,
    );

    const counts = (
      await hub.sql.query(`SELECT
        (SELECT count(*) FROM inbox_message) inbox,
        (SELECT count(*) FROM inbox_message WHERE state = 'done') done,
        (SELECT count(*) FROM appointment) appointments,
        (SELECT count(DISTINCT slot_id) FROM appointment) slots,
        (SELECT count(*) FROM slot WHERE status = 'busy') busy,
        (SELECT count(*) FROM appointment_version) versions`)
    ).rows[0];
    // Each request was accepted once, processed once, booked its own slot once.
    expect(counts).toEqual({
      inbox: String(MESSAGES),
      done: String(MESSAGES),
      appointments: String(MESSAGES),
      slots: String(MESSAGES),
      busy: String(MESSAGES),
      versions: String(MESSAGES),
    });
    // A thousand bookings take ~30 s alone; beside another suite on two cores, twice that.
  }, 180_000);

  it('a job run again after its commit (a worker that died before marking it complete) has no second effect', async () => {
    const before = (await hub.sql.query('SELECT count(*) n FROM appointment')).rows[0].n;
    const row = (await hub.sql.query(`SELECT id, request_id, correlation_id FROM inbox_message WHERE state = 'done' LIMIT 1`)).rows[0];
    const queue = new Queue('fhir-inbound', { connection: { url: hub.env.REDIS_URL }, prefix: hub.env.QUEUE_PREFIX });
    const job = await queue.add(
      'appointment.book',
      { inboxId: row.id, requestId: row.request_id, correlationId: row.correlation_id },
      { jobId: randomUUID() },
    );
    for (let i = 0; i < 100 && !(await job.isCompleted()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await job.isCompleted()).toBe(true);
    await queue.close();
    expect((await hub.sql.query('SELECT count(*) n FROM appointment')).rows[0].n).toBe(before);
  });
});
