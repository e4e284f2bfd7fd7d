import { RescheduleService } from '@hub/appointment';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { cancelMessage, updateMessage } from './support/changes';
import type { FakeNrl } from './support/fake-nrl';
import type { Hub } from './support/hub';
import { startHubWithNrl, type HubWithNrl } from './support/nrl-hub';
import { postMessage } from './support/http';
import { barsHeaders, bookingMessage, futureSlot, resource, type Json, type SlotTime } from './support/messages';
import { eventually, nhsNumber, outboxOf, withPatient } from './support/pointers';

describe('forwarding pointer changes to the NRL (NRL_BASE_URL)', () => {
  let hub: Hub;
  let nrl: FakeNrl;
  let running: HubWithNrl | undefined;
  let nextSlot = 0;
  let nextPatient = 100;
  const slot = (): SlotTime => futureSlot(nextSlot++);
  beforeAll(async () => {
    running = await startHubWithNrl({ NRL_ATTEMPTS: '8', NRL_BACKOFF_MS: '100', NRL_TIMEOUT_MS: '1500' }, 30);
    ({ hub, nrl } = running);
  });
  afterEach(() => nrl.reset());
  afterAll(() => running?.stop());

  async function book(): Promise<{ id: string; nhs: string; correlationId: string }> {
    const nhs = nhsNumber(nextPatient++);
    const headers = barsHeaders();
    const res = await postMessage(hub, withPatient(bookingMessage(slot()), nhs), headers);
    expect(res.status).toBe(200);
    return { id: resource(res.body, 'Appointment').id, nhs, correlationId: headers['X-Correlation-Id'] };
  }
  const send = (bundle: Json, nhs: string) => postMessage(hub, withPatient(bundle, nhs), barsHeaders());
  /** Waits until every outbox row of the appointments is `done`, and returns them. */
  const allDone = (...ids: string[]) =>
    eventually(
      async () => {
        const rows = await outboxOf(hub, ...ids);
        return rows.length > 0 && rows.every((r) => r.state === 'done') ? rows : undefined;
      },
      `the outbox rows of ${ids.join(', ')} to be done`,
    );
  const remoteIdOf = async (appointmentId: string): Promise<string> =>
    (await hub.sql.query('SELECT remote_id FROM pointer WHERE appointment_id = $1', [appointmentId])).rows[0].remote_id;
  const atNrl = (appointmentId: string): Json[] => [...nrl.pointers.values()].filter((p) => p.identifier[0].value === appointmentId);
  const requestsFor = (appointmentId: string, method: string) =>
    nrl.received.filter((r) => r.appointmentId === appointmentId && r.method === method);

  it('book → POST (the NRL’s id kept from Location), reschedule → GET then PUT, cancel → DELETE, each with the BaRS headers', async () => {
    const b = await book();
    const [create] = await allDone(b.id);
    const [stored] = atNrl(b.id);
    expect(await remoteIdOf(b.id)).toBe(stored.id);
    expect(stored.id).toMatch(/^RMT01-/);
    const [post] = requestsFor(b.id, 'POST');
    expect(post.headers).toMatchObject({
      accept: 'application/fhir+json;version=1.1.0',
      'content-type': 'application/fhir+json;version=1.1.0',
      'x-request-id': create.request_id,
      'x-correlation-id': b.correlationId,
    });
    expect(post.body.id).toBeUndefined();
    expect(post.body.identifier.map((i: Json) => i.value)).toEqual([b.id, '111111111', 'P.E2E-1']);

    const to = slot();
    const { rows } = await hub.sql.query('SELECT id FROM slot WHERE start_at = $1', [to.start]);
    await hub.api
      .get(DataSource)
      .transaction((m) => hub.api.get(RescheduleService).reschedule(m, { appointmentId: b.id, slotId: rows[0].id, inboxId: randomUUID() }));
    await allDone(b.id);
    expect(atNrl(b.id)[0].context.period).toEqual({ start: to.start, end: to.end });
    const methods = nrl.received.filter((r) => r.path === `/DocumentReference/${stored.id}`).map((r) => r.method);
    expect(methods).toEqual(['GET', 'PUT']);
    expect(requestsFor(b.id, 'PUT')[0].body.id).toBe(stored.id);

    expect((await send(cancelMessage({ appointmentId: b.id }), b.nhs)).status).toBe(200);
    const rowsAfter = await allDone(b.id);
    expect(rowsAfter.map((r) => r.operation)).toEqual(['create', 'update', 'delete']);
    expect(atNrl(b.id)).toEqual([]);
    expect(requestsFor(b.id, 'DELETE').map((r) => r.path)).toEqual([`/DocumentReference/${stored.id}`]);
  });

  it('a rebook POSTs the new pointer with relatesTo replaces naming the NRL’s id of the old one', async () => {
    const b = await book();
    await allDone(b.id);
    const oldRemote = await remoteIdOf(b.id);
    const res = await send(updateMessage(b.id, slot()), b.nhs);
    expect(res.status).toBe(200);
    const newId = resource(res.body, 'Appointment').id;
    await allDone(b.id, newId);
    const [post] = requestsFor(newId, 'POST');
    expect(post.body.relatesTo).toEqual([{ code: 'replaces', target: { type: 'DocumentReference', identifier: { value: oldRemote } } }]);
    expect(atNrl(b.id)).toEqual([]);
    expect(atNrl(newId)).toHaveLength(1);
  });

  it('keeps one appointment’s changes in order under retries: a cancel never overtakes the create being retried', async () => {
    nrl.outage(503);
    const b = await book();
    expect((await send(cancelMessage({ appointmentId: b.id }), b.nhs)).status).toBe(200);
    await eventually(async () => ((await outboxOf(hub, b.id))[0].attempts >= 3 ? true : undefined), 'three attempts at the create');
    expect(requestsFor(b.id, 'DELETE')).toEqual([]);
    nrl.outage(undefined);
    await allDone(b.id);
    const order = nrl.received.filter((r) => r.appointmentId === b.id && r.status !== undefined && r.status < 300).map((r) => r.method);
    expect(order).toEqual(['POST', 'DELETE']);
    expect(atNrl(b.id)).toEqual([]);
  });

  it('an outage of several attempts (429): bookings answer at once, and each change arrives once the NRL is back', async () => {
    nrl.outage(429);
    const booked = [await book(), await book(), await book()];
    const ids = booked.map((b) => b.id);
    const retrying = await eventually(async () => {
      const rows = await outboxOf(hub, ...ids);
      return rows.every((r) => r.attempts >= 3) ? rows : undefined;
    }, 'three attempts at each create');
    for (const row of retrying) expect(row.last_error).toContain('429');
    nrl.outage(undefined);
    await allDone(...ids);
    for (const id of ids) {
      expect(atNrl(id)).toHaveLength(1);
      expect(nrl.applied.filter((a) => a.appointmentId === id)).toEqual([
        { method: 'POST', remoteId: await remoteIdOf(id), appointmentId: id },
      ]);
    }
  });

  it('a create whose answer is lost (timeout) is read back at the NRL on the retry, not sent twice', async () => {
    nrl.misbehave(1, 'no-answer', (r) => r.method === 'POST');
    const b = await book();
    const [row] = await allDone(b.id);
    expect(row.attempts).toBe(2);
    expect(requestsFor(b.id, 'POST')).toHaveLength(1);
    expect(atNrl(b.id)).toHaveLength(1);
    expect(await remoteIdOf(b.id)).toBe(atNrl(b.id)[0].id);
  });
});
