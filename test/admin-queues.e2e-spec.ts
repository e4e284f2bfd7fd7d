import { startApiProcess } from './support/api-process';
import { ADMIN_TOKEN, startHub, type Hub } from './support/hub';
import { call, recOf } from './support/http';
import { waitUntil } from './support/processes';
import { INBOUND, failedJobs } from './support/queues';

const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

describe('admin API: queues', () => {
  let hub: Hub;
  let ids: string[];
  const admin = (method: string, path: string) => call(hub, method, path, { headers: auth });
  const status = async () => (await admin('GET', `/admin/queue/${INBOUND}`)).body;

  beforeAll(async () => {
    hub = await startHub({ workers: 1 });
    ids = await failedJobs(hub, 3);
  });
  afterAll(() => hub?.stop());

  it('refuses every route without the token, or with a wrong one', async () => {
    for (const [method, path] of [
      ['GET', '/admin/status'],
      ['GET', `/admin/queue/${INBOUND}/failed`],
      ['POST', `/admin/queue/${INBOUND}/failed/retry`],
      ['POST', `/admin/queue/${INBOUND}/pause`],
      ['DELETE', `/admin/queue/${INBOUND}/jobs/${ids[0]}`],
      ['GET', '/admin/messages'],
    ]) {
      expect((await call(hub, method, path)).status).toBe(401);
      expect((await call(hub, method, path, { headers: { Authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    }
    expect((await status()).counts.failed).toBe(3);
  });

  it('counts every queue by state, with its connected workers', async () => {
    const res = await admin('GET', '/admin/status');
    expect(res.status).toBe(200);
    expect(res.body.queues).toEqual([
      {
        name: INBOUND,
        paused: false,
        workers: 1,
        counts: { waiting: 0, active: 0, delayed: 0, prioritized: 0, completed: 0, failed: 3 },
      },
      // Forwarding is off here (no NRL_BASE_URL), so nothing consumes the pointers queue, and it says so.
      {
        name: 'pointers',
        paused: false,
        workers: 0,
        counts: { waiting: 0, active: 0, delayed: 0, prioritized: 0, completed: 0, failed: 0 },
        note: expect.stringMatching(/^unused: NRL_BASE_URL is unset/),
      },
    ]);
  });

  it('lists failed jobs with their error, ids only, and who processed them', async () => {
    const res = await admin('GET', `/admin/queue/${INBOUND}/failed?limit=2`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.jobs).toHaveLength(2);
    for (const job of res.body.jobs) {
      expect(ids).toContain(job.id);
      expect(job).toMatchObject({ name: 'appointment.book', state: 'failed', attemptsMade: 1, data: { inboxId: job.id } });
      expect(job.failedReason).toMatch(/withdrawn/);
      // No inbox row: nothing happened (as opposed to a job that failed after its change committed).
      expect(job.effect).toBe('none');
      expect(job.processedBy).toMatch(/:\d+$/);
      expect(Object.keys(job.data).sort()).toEqual(['correlationId', 'inboxId', 'requestId']);
    }
    const one = await admin('GET', `/admin/queue/${INBOUND}/jobs/${ids[0]}`);
    expect(one.body.logs).toEqual([expect.stringMatching(/attempt 1 failed: .*withdrawn/), expect.stringMatching(/gave up: withdrawn/)]);
  });

  it('retries one failed job, and refuses to retry it again while it waits', async () => {
    await hub.workers[0].stop();
    await waitUntil(async () => (await status()).workers === 0, 'the worker connection to go');
    const res = await admin('POST', `/admin/queue/${INBOUND}/jobs/${ids[0]}/retry`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ids[0], state: 'waiting' });
    const again = await admin('POST', `/admin/queue/${INBOUND}/jobs/${ids[0]}/retry`);
    expect(again.status).toBe(409);
    expect(recOf(again)).toMatchObject({ code: 'REC_CONFLICT' });
    expect((await status()).counts).toMatchObject({ waiting: 1, failed: 2 });
  });

  it('retries all failed jobs', async () => {
    const res = await admin('POST', `/admin/queue/${INBOUND}/failed/retry`);
    expect(res).toMatchObject({ status: 200, body: { retried: 2 } });
    expect((await status()).counts).toMatchObject({ waiting: 3, failed: 0 });
  });

  it('removes a job', async () => {
    expect((await admin('DELETE', `/admin/queue/${INBOUND}/jobs/${ids[2]}`)).status).toBe(204);
    expect((await admin('GET', `/admin/queue/${INBOUND}/jobs/${ids[2]}`)).status).toBe(404);
    expect((await admin('DELETE', `/admin/queue/${INBOUND}/jobs/${ids[2]}`)).status).toBe(404);
    expect((await status()).counts.waiting).toBe(2);
  });

  it('pauses and resumes a queue; a paused queue is not consumed', async () => {
    expect((await admin('POST', `/admin/queue/${INBOUND}/pause`)).body).toMatchObject({ paused: true });
    await hub.startWorker();
    // A worker registers with Redis when its blocking connection is up, which can be just after its boot line.
    await waitUntil(async () => (await status()).workers === 1, 'the worker to register with the queue');
    expect((await status()).counts).toMatchObject({ failed: 0, active: 0 });
    expect((await admin('POST', `/admin/queue/${INBOUND}/resume`)).body).toMatchObject({ paused: false });
    // The retried jobs run again (and fail again: their inbox rows still do not exist).
    await waitUntil(async () => (await status()).counts.failed === 2, 'the retried jobs to run');
    const { body } = await admin('GET', `/admin/queue/${INBOUND}/jobs/${ids[0]}`);
    expect(body.logs.filter((l: string) => /failed/.test(l)).length).toBeGreaterThanOrEqual(2);
  });

  it('is off, not open, with no ADMIN_TOKEN: the API and the board both refuse', async () => {
    const api = await startApiProcess(hub, { ADMIN_TOKEN: '' });
    try {
      for (const path of ['/admin/status', '/admin/messages', '/admin/queues', '/admin/queues/api/queues']) {
        expect((await fetch(`${api.baseUrl}${path}`, { headers: auth })).status).toBe(403);
      }
    } finally {
      await api.stop();
    }
  });

  it('answers an unknown queue or job with 404, and a bad limit with 400', async () => {
    expect((await admin('GET', '/admin/queue/no-such-queue')).status).toBe(404);
    expect((await admin('POST', '/admin/queue/no-such-queue/pause')).status).toBe(404);
    expect((await admin('POST', `/admin/queue/${INBOUND}/jobs/nope/retry`)).status).toBe(404);
    expect((await admin('GET', `/admin/queue/${INBOUND}/failed?limit=0`)).status).toBe(400);
  });

  it('answers a Bull Board sign-in form over 4 KB with 413, not a reset connection', async () => {
    const res = await fetch(`${hub.baseUrl}/admin/queues/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${'x'.repeat(10_000)}`,
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('larger than a sign-in form');
  });
});
