import { ADMIN_TOKEN, startHub, type Hub } from './support/hub';
import { call, postMessage, publish } from './support/http';
import { waitUntil } from './support/processes';
import { inboundQueue } from './support/queues';
import { availability, barsHeaders, bookingMessage, futureSlot, resource } from './support/messages';

const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const PATIENT_DATA = ['9476719931', 'Chalmers', '1974-12-25', '07736312544', 'LS1 4HR'];

describe('admin API: messages', () => {
  let hub: Hub;
  const booked = barsHeaders();
  const refused = barsHeaders({ 'X-Correlation-Id': booked['X-Correlation-Id'] });
  let appointmentId: string;
  let before: string;
  let between: string;
  const admin = (path: string) => call(hub, 'GET', path, { headers: auth });

  beforeAll(async () => {
    hub = await startHub();
    expect((await publish(hub, availability([futureSlot(0), futureSlot(1)]))).status).toBe(200);
    before = new Date().toISOString();
    const first = await postMessage(hub, bookingMessage(futureSlot(0)), booked);
    expect(first.status).toBe(200);
    appointmentId = resource(first.body, 'Appointment').id;
    between = new Date().toISOString();
    // The same slot again, in the same conversation: refused with 409.
    expect((await postMessage(hub, bookingMessage(futureSlot(0)), refused)).status).toBe(409);
  });
  afterAll(() => hub?.stop());

  it('finds a message by X-Request-Id, without its body or audit headers', async () => {
    const res = await admin(`/admin/messages?requestId=${booked['X-Request-Id'].toUpperCase()}`);
    expect(res.status).toBe(200);
    expect(res.body.messages).toHaveLength(1);
    const [m] = res.body.messages;
    expect(m).toMatchObject({
      requestId: booked['X-Request-Id'],
      correlationId: booked['X-Correlation-Id'],
      event: 'booking-request',
      reason: 'new',
      jobName: 'appointment.book',
      state: 'done',
      responseStatus: 200,
      attempts: 1,
    });
    expect(m).not.toHaveProperty('body');
    expect(m).not.toHaveProperty('auditHeaders');
    for (const value of PATIENT_DATA) expect(res.text).not.toContain(value);
  });

  it('finds the messages of a conversation by X-Correlation-Id, newest first', async () => {
    const res = await admin(`/admin/messages?correlationId=${booked['X-Correlation-Id']}`);
    expect(res.body.messages.map((m: { requestId: string }) => m.requestId)).toEqual([refused['X-Request-Id'], booked['X-Request-Id']]);
  });

  it('filters by state and by the time received', async () => {
    // A business refusal has a state of its own: not `failed`, which is for server errors an operator replays.
    const failed = await admin('/admin/messages?state=refused');
    expect(failed.body.messages.map((m: { requestId: string }) => m.requestId)).toEqual([refused['X-Request-Id']]);
    expect(failed.body.messages[0]).toMatchObject({ state: 'refused', responseStatus: 409 });
    expect((await admin('/admin/messages?state=failed')).body.messages).toEqual([]);
    expect((await admin(`/admin/messages?since=${before}&until=${between}`)).body.messages).toHaveLength(1);
    expect((await admin(`/admin/messages?since=${between}`)).body.messages).toHaveLength(1);
    expect((await admin(`/admin/messages?until=${before}`)).body.messages).toHaveLength(0);
    expect((await admin(`/admin/messages?limit=1`)).body.messages).toHaveLength(1);
  });

  it("tells one message's timeline: received, queued, processing (by which worker), answered", async () => {
    const [m] = (await admin(`/admin/messages?requestId=${booked['X-Request-Id']}`)).body.messages;
    const res = await admin(`/admin/messages/${m.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: m.id, appointmentId, state: 'done', job: { id: m.id, state: 'completed' } });
    expect(res.body.timeline.map((e: { event: string }) => e.event)).toEqual(['received', 'queued', 'processing', 'answered']);
    expect(res.body.timeline[2].detail).toMatch(/^attempt 1 by \S+:\d+$/);
    expect(res.body.timeline[3].detail).toBe('done with HTTP 200');
    for (const value of PATIENT_DATA) expect(res.text).not.toContain(value);
  });

  it('shows the OperationOutcome of a refused message', async () => {
    const [m] = (await admin(`/admin/messages?requestId=${refused['X-Request-Id']}`)).body.messages;
    const res = await admin(`/admin/messages/${m.id}`);
    expect(res.body.outcome.issue[0].details.coding[0].code).toBe('REC_CONFLICT');
    expect(res.body.timeline.at(-1)).toMatchObject({ event: 'answered', detail: 'refused with HTTP 409' });
  });

  it('replays a message that failed with a server error, and only such a message', async () => {
    const replay = (id: string) => call(hub, 'POST', `/admin/messages/${id}/replay`, { headers: auth });
    const idOf = async (requestId: string) => (await admin(`/admin/messages?requestId=${requestId}`)).body.messages[0].id;
    // A success and a business refusal are final answers.
    expect((await replay(await idOf(booked['X-Request-Id']))).status).toBe(409);
    expect((await replay(await idOf(refused['X-Request-Id']))).status).toBe(409);

    // A message accepted while no worker runs, then given up on with a 500, its job since dropped from Redis.
    await Promise.all(hub.workers.map((w) => w.stop()));
    const lost = barsHeaders();
    const posting = postMessage(hub, bookingMessage(futureSlot(1)), lost);
    await waitUntil(async () => (await admin(`/admin/messages?requestId=${lost['X-Request-Id']}`)).body.messages.length === 1, 'accepted');
    const id = await idOf(lost['X-Request-Id']);
    await inboundQueue(hub).remove(id);
    await hub.sql.query(
      `UPDATE inbox_message SET state = 'failed', response_status = 500, response = '{}', completed_at = received_at WHERE id = $1`,
      [id],
    );

    const res = await replay(id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, state: 'queued', responseStatus: null, job: { state: 'waiting' } });
    await hub.startWorker();
    await waitUntil(async () => (await admin(`/admin/messages/${id}`)).body.state === 'done', 'the replayed message to be booked');
    const after = await admin(`/admin/messages/${id}`);
    expect(after.body).toMatchObject({ responseStatus: 200, appointmentId: expect.any(String) });
    expect(after.body.timeline.at(-1)).toMatchObject({ event: 'answered', detail: 'done with HTTP 200' });
    await posting;
  });

  it.each([
    ['an unknown state', '/admin/messages?state=lost', 400],
    ['a time that is not an instant', '/admin/messages?since=yesterday', 400],
    ['a limit out of range', '/admin/messages?limit=501', 400],
    ['an id that is not a UUID', '/admin/messages/42', 400],
    ['an unknown id', '/admin/messages/6f1c3f30-3f5e-4d53-9a77-3a3b1c1f0001', 404],
  ])('answers %s (GET %s) with %i', async (_label, path, status) => {
    expect((await admin(path)).status).toBe(status);
  });
});
