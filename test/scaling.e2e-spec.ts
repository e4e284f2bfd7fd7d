import { startHub, type Hub } from './support/hub';
import { postMessage, publish, type Answer } from './support/http';
import { holdBookings } from './support/hold';
import { availability, barsHeaders, bookingMessage, futureSlot } from './support/messages';
import { waitUntil } from './support/processes';
import { inboundQueue } from './support/queues';

const BOOKINGS = 24;

describe('scaling out: two worker processes on one queue', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ workers: 2, workerConcurrency: 2, replyTimeoutMs: 30_000 });
    const slots = Array.from({ length: BOOKINGS }, (_, i) => futureSlot(i));
    expect((await publish(hub, availability(slots))).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  it('refuses to boot a worker told to consume a queue that does not exist, naming it', async () => {
    await expect(hub.startWorker({ WORKER_QUEUES: 'fhir-inbound, fhir-outbound' })).rejects.toThrow(
      /\{"level":"error",.*WORKER_QUEUES: unknown queue \\"fhir-outbound\\"/,
    );
  });

  it('shares the bookings in flight between both workers and processes each exactly once', async () => {
    const queue = inboundQueue(hub);
    const hold = await holdBookings(hub);
    let answers: Answer[];
    try {
      const posted = Promise.all(
        Array.from({ length: BOOKINGS }, (_, i) => postMessage(hub, bookingMessage(futureSlot(i)), barsHeaders())),
      );
      // Each worker takes at most 2 jobs at once, so 4 active jobs means both are busy.
      await waitUntil(async () => (await queue.getActiveCount()) === 4, 'both workers to take jobs');
      const active = await queue.getActive();
      expect(new Set(active.map((j) => j.processedBy)).size).toBe(2);
      await hold.release();
      answers = await posted;
    } finally {
      await hold.release();
    }
    expect(answers.map((a) => a.status)).toEqual(Array(BOOKINGS).fill(200));

    const completed = await queue.getCompleted(0, -1);
    expect(completed).toHaveLength(BOOKINGS);
    const byWorker = new Map<string, number>();
    for (const job of completed) byWorker.set(String(job.processedBy), (byWorker.get(String(job.processedBy)) ?? 0) + 1);
    expect(byWorker.size).toBe(2);
    expect([...byWorker.values()].every((n) => n > 0)).toBe(true);

    // Exactly once: one claim per inbox row, one appointment per slot, one "answered" line per job.
    const { rows } = await hub.sql.query(`SELECT state, attempts, count(*)::int n FROM inbox_message GROUP BY state, attempts`);
    expect(rows).toEqual([{ state: 'done', attempts: 1, n: BOOKINGS }]);
    const per = await hub.sql.query(`SELECT count(*)::int n, count(DISTINCT slot_id)::int slots FROM appointment`);
    expect(per.rows[0]).toEqual({ n: BOOKINGS, slots: BOOKINGS });
    const logs = hub.workers.map((w) => w.output()).join('\n');
    for (const job of completed) expect(logs.split(`job ${job.id} (appointment.book) attempt 1 answered 200`).length - 1).toBe(1);
  });
});
