import { ADMIN_TOKEN, startHub, type Hub } from './support/hub';
import { call, postMessage, publish, recOf, type Answer } from './support/http';
import { cancelMessage } from './support/changes';
import { availability, barsHeaders, bookingMessage, futureSlot, resource } from './support/messages';
import { waitUntil } from './support/processes';
import { inboundQueue } from './support/queues';
import { OwnRedisCluster } from './support/redis-cluster';

/**
 * The hub on a real Redis Cluster (three masters on loopback ports of this test's own): the api's
 * producer, reply waiter, admin and health, the worker's consumers and its re-drive all speak to it, with
 * the queue keys under a hash-tagged prefix derived from QUEUE_PREFIX.
 */
describe('on a Redis Cluster', () => {
  const cluster = new OwnRedisCluster();
  const prefix = `e2e_cluster_${process.pid}`;
  let hub: Hub;
  let next = 0;
  const book = (): Promise<Answer> => postMessage(hub, bookingMessage(futureSlot(next++)), barsHeaders());
  const count = async (where: string): Promise<number> => Number((await hub.sql.query(`SELECT count(*) n FROM ${where}`)).rows[0].n);

  beforeAll(async () => {
    await cluster.start();
    hub = await startHub({ replyTimeoutMs: 3000, env: { REDIS_URL: cluster.url, QUEUE_PREFIX: prefix, JOB_LOCK_MS: '2000' } });
    expect((await publish(hub, availability(Array.from({ length: 40 }, (_, i) => futureSlot(i))))).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await cluster.destroy();
  });

  it('keeps the queues under a hash-tagged prefix, on one node', async () => {
    expect(inboundQueue(hub).opts.prefix).toBe(`{${prefix}}`);
    const owner = await cluster.ownerOf(`{${prefix}}:fhir-inbound:id`);
    expect(await cluster.ownerOf(`{${prefix}}:pointers:id`)).toBe(owner);
    const health = await fetch(`${hub.baseUrl}/health/ready`);
    expect(health.status).toBe(200);
    // Admin reads the queues (and their workers, a CLIENT LIST on every node) over the cluster too.
    const status = await call(hub, 'GET', '/admin/status', { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(status.status).toBe(200);
    expect(status.body.queues[0]).toMatchObject({ name: 'fhir-inbound', paused: false, workers: 1 });
  });

  it('books and cancels', async () => {
    const booked = await book();
    expect(booked.status).toBe(200);
    expect(booked.body.resourceType).toBe('Bundle');
    const appointmentId = resource(booked.body, 'Appointment').id as string;
    const cancelled = await postMessage(hub, cancelMessage({ appointmentId }), barsHeaders());
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.resourceType).toBe('Bundle');
    expect((await hub.sql.query('SELECT status FROM appointment WHERE id = $1', [appointmentId])).rows[0].status).toBe('cancelled');
  });

  it('re-drives a message whose job was lost', async () => {
    await Promise.all(hub.workers.map((w) => w.stop()));
    hub.workers.length = 0;
    const headers = barsHeaders();
    // The sender's retry below resends this very message: a retry is the same message under the same id.
    const message = bookingMessage(futureSlot(next++));
    expect((await postMessage(hub, message, headers)).status).toBe(408);
    const { id } = (await hub.sql.query('SELECT id FROM inbox_message WHERE request_id = $1', [headers['X-Request-Id']])).rows[0];
    // The job vanishes (as after a Redis restart without persistence) and the row is old enough to redrive.
    expect(await inboundQueue(hub).remove(id)).toBe(1);
    await hub.sql.query(`UPDATE inbox_message SET received_at = '2000-01-01T00:00:00.000Z' WHERE id = $1`, [id]);

    await hub.startWorker(); // its boot sweep finds the row and enqueues it again
    const state = async (): Promise<string> => (await hub.sql.query('SELECT state FROM inbox_message WHERE id = $1', [id])).rows[0].state;
    await waitUntil(async () => (await state()) === 'done', 'the re-driven message to be booked');
    const retry = await postMessage(hub, message, headers);
    expect(retry.status).toBe(409);
    expect(recOf(retry)).toMatchObject({ code: 'REC_CONFLICT', issue: 'duplicate' });
  });

  it('comes back by itself after the node holding the queues restarts, losing or doubling nothing', async () => {
    const owner = await cluster.ownerOf(`{${prefix}}:fhir-inbound:id`);
    expect((await book()).status).toBe(200);
    await cluster.stopNode(owner);
    const down = await book();
    expect(down.status).toBeGreaterThanOrEqual(500);
    expect(down.body.resourceType).toBe('OperationOutcome');
    await cluster.startNode(owner);
    await cluster.waitHealthy();

    let after = await book();
    for (let i = 0; i < 120 && after.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = await book();
    }
    expect(after.status).toBe(200);
    await waitUntil(
      async () => (await count(`inbox_message WHERE state IN ('queued','processing')`)) === 0,
      'every message to finish',
      60_000,
    );
    const db = (await hub.sql.query(`SELECT count(*) n, count(DISTINCT slot_id) s FROM appointment`)).rows[0];
    expect(db.n).toBe(db.s);
    expect(await count(`inbox_message WHERE state = 'done' AND job_name = 'appointment.book'`)).toBe(Number(db.n));
  }, 120_000);
});
