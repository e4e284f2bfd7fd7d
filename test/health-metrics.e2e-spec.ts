import { startApiProcess } from './support/api-process';
import { startHub, workerPort, type Hub } from './support/hub';
import { ADMIN_TOKEN } from './support/hub';
import { call, postMessage, publish } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot } from './support/messages';
import { privateRedis } from './support/private-redis';

/** The value of one sample of a Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (m && m[1] === name && wanted.every((w) => m[2].split(',').includes(w))) return Number(m[3]);
  }
  return undefined;
}

describe('health and metrics of the api and the worker', () => {
  let hub: Hub;
  let workerUrl: string;
  beforeAll(async () => {
    hub = await startHub();
    workerUrl = `http://127.0.0.1:${workerPort(hub.workers[0])}`;
    expect((await publish(hub, availability([futureSlot(0)]))).status).toBe(200);
    expect((await postMessage(hub, bookingMessage(futureSlot(0)), barsHeaders())).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  it('api: live, and ready with the database, Redis and the queues up', async () => {
    expect(await call(hub, 'GET', '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await call(hub, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' }, queues: { status: 'up', 'fhir-inbound': 'running' } },
    });
  });

  it('worker: its own live and ready on WORKER_HTTP_PORT, consuming', async () => {
    expect(await (await fetch(`${workerUrl}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${workerUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      info: { database: { status: 'up' }, redis: { status: 'up' }, consumer: { status: 'up', inbound: 'running' } },
    });
  });

  it('api /metrics: request durations by route and status, messages by event and outcome, queue depth', async () => {
    await call(hub, 'GET', '/Appointment/not-a-uuid');
    const res = await call(hub, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const http = { method: 'POST', route: '/$process-message', status: '200' };
    expect(sample(res.text, 'hub_http_request_duration_seconds_count', http)).toBe(1);
    const read = { method: 'GET', route: '/Appointment/:id', status: '400' };
    expect(sample(res.text, 'hub_http_request_duration_seconds_count', read)).toBe(1);
    expect(sample(res.text, 'hub_messages_total', { event: 'booking-request', outcome: '200' })).toBe(1);
    expect(sample(res.text, 'hub_queue_jobs', { queue: 'fhir-inbound', state: 'completed' })).toBe(1);
    expect(sample(res.text, 'hub_queue_jobs', { queue: 'fhir-inbound', state: 'waiting' })).toBe(0);
    expect(res.text).toContain('# TYPE hub_pointer_forwarding_failures_total counter');
    expect(res.text).toContain('process_cpu_seconds_total');
  });

  it('worker /metrics: job durations by queue, job name and outcome', async () => {
    const text = await (await fetch(`${workerUrl}/metrics`)).text();
    const labels = { queue: 'fhir-inbound', name: 'appointment.book', outcome: 'completed' };
    expect(sample(text, 'hub_job_duration_seconds_count', labels)).toBe(1);
    expect(sample(text, 'hub_queue_jobs', { queue: 'fhir-inbound', state: 'completed' })).toBe(1);
  });

  it('api: not ready (503) while Redis is down, live all the same, ready again once it is back', async () => {
    const redis = await privateRedis();
    let api: Awaited<ReturnType<typeof startApiProcess>> | undefined;
    try {
      api = await startApiProcess(hub, { REDIS_URL: redis.url });
      expect((await fetch(`${api.baseUrl}/health/ready`)).status).toBe(200);
      await redis.stop();
      const down = await fetch(`${api.baseUrl}/health/ready`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        status: 'error',
        error: { redis: { status: 'down' } },
        info: { database: { status: 'up' } },
      });
      expect((await fetch(`${api.baseUrl}/health/live`)).status).toBe(200);
      await redis.start();
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        status = (await fetch(`${api.baseUrl}/health/ready`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
    } finally {
      await api?.stop();
      await redis.stop();
    }
  });

  it('with Redis down, every endpoint answers (never hangs): metrics say what the process knows, admin says 503', async () => {
    const redis = await privateRedis();
    let api: Awaited<ReturnType<typeof startApiProcess>> | undefined;
    try {
      api = await startApiProcess(hub, { REDIS_URL: redis.url });
      const worker = await hub.startWorker({ REDIS_URL: redis.url });
      const workerBase = `http://127.0.0.1:${workerPort(worker)}`;
      await redis.stop();
      const bearer = { Authorization: `Bearer ${ADMIN_TOKEN}` };
      // A bound, not a speed assertion: before, these answered only when Redis came back.
      const get = async (url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; ms: number }> => {
        const started = Date.now();
        const res = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
        return { status: res.status, text: await res.text(), ms: Date.now() - started };
      };
      const timings: Record<string, number> = {};
      // All at once: each waits out the same Redis timeout, and none may wait for another.
      const adminPaths = ['/admin/status', '/admin/queue/fhir-inbound', '/admin/queue/fhir-inbound/failed', '/admin/queues/api/queues'];
      const apiBase = api.baseUrl;
      const [apiMetrics, workerMetrics, ...admin] = await Promise.all([
        get(`${apiBase}/metrics`),
        get(`${workerBase}/metrics`),
        ...adminPaths.map((path) => get(`${apiBase}${path}`, bearer)),
      ]);
      for (const [name, metrics] of [
        ['api /metrics', apiMetrics],
        ['worker /metrics', workerMetrics],
      ] as const) {
        timings[name] = metrics.ms;
        expect(metrics.status).toBe(200);
        expect(sample(metrics.text, 'hub_dependency_up', { dependency: 'redis' })).toBe(0);
        expect(sample(metrics.text, 'hub_dependency_up', { dependency: 'database' })).toBe(1);
        expect(metrics.text).toContain('process_cpu_seconds_total');
      }
      adminPaths.forEach((path, i) => {
        const res = admin[i];
        timings[path] = res.ms;
        expect(res.status).toBe(503);
        const body = JSON.parse(res.text);
        expect(body.resourceType).toBe('OperationOutcome');
        expect(body.issue[0]).toMatchObject({ code: 'transient', details: { coding: [{ code: 'REC_SERVICE_UNAVAILABLE' }] } });
      });
      process.stdout.write(`health-metrics: answers with Redis down, in ms: ${JSON.stringify(timings)}\n`);
      await redis.start();
      await waitForStatus(`${api.baseUrl}/admin/status`, bearer, 200);
    } finally {
      await api?.stop();
      await redis.stop();
    }
  });
});

async function waitForStatus(url: string, headers: Record<string, string>, status: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await fetch(url, { headers })).status === status) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered ${status}`);
}
