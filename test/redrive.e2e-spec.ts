import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { startHub, type Hub } from './support/hub';
import { postMessage, publish, recOf } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot } from './support/messages';

/**
 * A job that gave up while its failure could not be recorded (the database was away) leaves its inbox row
 * `queued` and a failed job under the row's id, for a week. Adding a job with that id is a no-op, so the
 * redrive must move the failed job back instead.
 */
describe('a job that gave up unrecorded', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ workers: 0, replyTimeoutMs: 500 });
    expect((await publish(hub, availability([futureSlot(0)]))).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  it("is re-driven (here by the sender's retry; the sweep calls the same redrive), not left behind its own job id", async () => {
    const connection = { url: hub.env.REDIS_URL as string };
    const prefix = hub.env.QUEUE_PREFIX as string;
    const headers = barsHeaders();
    const bundle = bookingMessage(futureSlot(0));
    // No worker yet: accepted, still waiting.
    expect((await postMessage(hub, bundle, headers)).status).toBe(408);
    const { id } = (await hub.sql.query(`SELECT id FROM inbox_message WHERE request_id = $1`, [headers['X-Request-Id']])).rows[0];

    // A worker that gives up on it without recording anything, as one would with PostgreSQL away.
    const failed = new Promise<void>((resolve) => {
      const quitter = new Worker(
        'fhir-inbound',
        () => {
          throw new UnrecoverableError('connect ECONNREFUSED 127.0.0.1:5432');
        },
        { connection, prefix },
      );
      quitter.on('failed', () => void quitter.close().then(resolve));
    });
    await failed;
    const queue = new Queue('fhir-inbound', { connection, prefix });
    expect(await queue.getJobState(id)).toBe('failed');

    // The sender retries: still in progress, and the job is back on the queue.
    const retry = await postMessage(hub, bundle, headers);
    expect(retry.status).toBe(425);
    expect(recOf(retry).code).toBe('REC_TOO_EARLY');
    expect(await queue.getJobState(id)).toBe('waiting');
    await queue.close();

    await hub.startWorker();
    for (let i = 0; i < 100; i++) {
      const { rows } = await hub.sql.query(`SELECT state FROM inbox_message WHERE id = $1`, [id]);
      if (rows[0].state === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await hub.sql.query(`SELECT state FROM inbox_message WHERE id = $1`, [id])).rows).toEqual([{ state: 'done' }]);
    expect((await hub.sql.query(`SELECT count(*)::int n FROM appointment`)).rows[0].n).toBe(1);
  }, 60_000);
});
