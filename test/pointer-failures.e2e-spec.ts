import { cancelMessage } from './support/changes';
import type { FakeNrl } from './support/fake-nrl';
import { ADMIN_TOKEN, workerPort, type Hub } from './support/hub';
import { startHubWithNrl, type HubWithNrl } from './support/nrl-hub';
import { call, postMessage, recOf } from './support/http';
import { barsHeaders, bookingMessage, futureSlot, resource, type Json } from './support/messages';
import { eventually, nhsNumber, outboxOf, withPatient } from './support/pointers';

describe('pointer changes the NRL does not take: failed, visible, retryable; the booking never waits', () => {
  let hub: Hub;
  let nrl: FakeNrl;
  let running: HubWithNrl | undefined;
  let next = 0;
  beforeAll(async () => {
    running = await startHubWithNrl({ NRL_ATTEMPTS: '3', NRL_BACKOFF_MS: '50' }, 10);
    ({ hub, nrl } = running);
  });
  afterEach(() => nrl.reset());
  afterAll(() => running?.stop());

  async function book(): Promise<{ id: string; nhs: string }> {
    const nhs = nhsNumber(200 + next);
    const res = await postMessage(hub, withPatient(bookingMessage(futureSlot(next++)), nhs), barsHeaders());
    expect(res.status).toBe(200);
    return { id: resource(res.body, 'Appointment').id, nhs };
  }
  const admin = (method: string, path: string) => call(hub, method, path, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  const rowsWhen = (ids: string[], what: string, ok: (rows: Json[]) => boolean) =>
    eventually(async () => {
      const rows = await outboxOf(hub, ...ids);
      return ok(rows) ? rows : undefined;
    }, what);
  const succeeded = (id: string) =>
    nrl.received.filter((r) => r.appointmentId === id && r.status !== undefined && r.status < 300).map((r) => r.method);

  it('out of attempts: the create is failed with its error and holds back the cancel; a retry sends both, in order', async () => {
    nrl.outage(503);
    const b = await book();
    expect(await hub.sql.query('SELECT status FROM appointment WHERE id = $1', [b.id])).toMatchObject({ rows: [{ status: 'booked' }] });
    expect((await postMessage(hub, withPatient(cancelMessage({ appointmentId: b.id }), b.nhs), barsHeaders())).status).toBe(200);
    const [create, remove] = await rowsWhen([b.id], 'the create to fail', (rows) => rows[0].state === 'failed');
    expect(create).toMatchObject({ operation: 'create', attempts: 3, response_status: 503 });
    // Attempts after the first read back at the NRL before writing, so the last error may be the search's.
    expect(create.last_error).toMatch(/^gave up after 3 attempt\(s\): (POST|search) answered 503/);
    expect(remove).toMatchObject({ operation: 'delete', state: 'pending', attempts: 0 });
    // The failures metric counts them: attempts with attempts left, then the one that gave up.
    const metrics = await (await fetch(`http://127.0.0.1:${workerPort(hub.workers[0])}/metrics`)).text();
    const failures = (reason: string): number =>
      Number(new RegExp(`^hub_pointer_forwarding_failures_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
    expect(failures('retrying')).toBeGreaterThanOrEqual(1);
    expect(failures('gave-up')).toBeGreaterThanOrEqual(1);

    const listed = await admin('GET', '/admin/pointer-outbox?state=failed');
    expect(listed.status).toBe(200);
    expect(listed.body.rows).toEqual([
      expect.objectContaining({ id: create.id, appointmentId: b.id, state: 'failed', lastError: create.last_error }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(b.nhs);

    nrl.outage(undefined);
    expect(await admin('POST', `/admin/pointer-outbox/${create.id}/retry`)).toMatchObject({
      status: 202,
      body: { id: create.id, state: 'pending' },
    });
    await rowsWhen([b.id], 'both changes to be done', (rows) => rows.every((r) => r.state === 'done'));
    expect(succeeded(b.id)).toEqual(['POST', 'DELETE']);
  });

  it('refused (a 4xx other than 408/429): failed at once, without retries', async () => {
    nrl.misbehave(1, 400, (r) => r.method === 'POST');
    const b = await book();
    const [row] = await rowsWhen([b.id], 'the create to fail', (rows) => rows[0].state === 'failed');
    expect(row).toMatchObject({ attempts: 1, response_status: 400 });
    expect(row.last_error).toMatch(/^POST answered 400/);
    expect((await admin('POST', `/admin/pointer-outbox/${row.id}/retry`)).status).toBe(202);
    await rowsWhen([b.id], 'the retried create to be done', (rows) => rows[0].state === 'done');
    expect(succeeded(b.id)).toEqual(['POST']);
  });

  it('only a failed change can be retried, and only by an administrator', async () => {
    const b = await book();
    const [row] = await rowsWhen([b.id], 'the create to be done', (rows) => rows[0].state === 'done');
    const again = await admin('POST', `/admin/pointer-outbox/${row.id}/retry`);
    expect({ status: again.status, ...recOf(again) }).toMatchObject({ status: 409, code: 'REC_CONFLICT' });
    expect((await call(hub, 'POST', `/admin/pointer-outbox/${row.id}/retry`)).status).toBe(401);
    expect((await call(hub, 'GET', '/admin/pointer-outbox')).status).toBe(401);
    expect((await admin('GET', '/admin/pointer-outbox?state=lost')).status).toBe(400);
  });
});
