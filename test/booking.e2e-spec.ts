import { startHub, type Hub } from './support/hub';
import { call, postMessage, publish, recOf } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, resource, type Json } from './support/messages';

describe('booking through $process-message (api → inbox → BullMQ → worker process → PostgreSQL)', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
    const published = await publish(hub, availability([0, 1, 2, 3, 4, 5].map(futureSlot)));
    expect(published.status).toBe(200);
  });
  afterAll(() => hub?.stop());

  const slotRow = async (start: string): Promise<Json> => (await hub.sql.query('SELECT * FROM slot WHERE start_at = $1', [start])).rows[0];
  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await hub.sql.query(sql, params)).rows[0].n);

  it('books the official example: 200 with the hub ids, the slot busy, the appointment readable', async () => {
    const slot = futureSlot(0);
    const headers = barsHeaders();
    const res = await postMessage(hub, bookingMessage(slot), headers);

    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(headers['X-Request-Id']);
    expect(res.headers.get('x-correlation-id')).toBe(headers['X-Correlation-Id']);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(res.body.resourceType).toBe('Bundle');
    expect(res.body.type).toBe('message');
    const appointment = resource(res.body, 'Appointment');
    const stored = await slotRow(slot.start);
    expect(appointment.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(appointment.created).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(resource(res.body, 'Slot').id).toBe(stored.id);
    expect(resource(res.body, 'Patient').id).toMatch(/^[0-9a-f-]{36}$/);
    expect(stored.status).toBe('busy');

    const read = await call(hub, 'GET', `/Appointment/${appointment.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('W/"1"');
    expect(read.body).toMatchObject({
      resourceType: 'Appointment',
      id: appointment.id,
      status: 'booked',
      start: slot.start,
      end: slot.end,
    });
    expect(read.body.slot).toEqual([{ reference: `Slot/${stored.id}` }]);
    expect(read.body.participant[0].actor.reference).toBe(`Patient/${resource(res.body, 'Patient').id}`);
    expect(await count('SELECT count(*) n FROM appointment_version WHERE appointment_id = $1', [appointment.id])).toBe(1);
    const inbox = (await hub.sql.query('SELECT state, response_status FROM inbox_message WHERE request_id = $1', [headers['X-Request-Id']]))
      .rows[0];
    expect(inbox).toEqual({ state: 'done', response_status: 200 });
  });

  it('refuses a second booking of the same slot with 409 REC_CONFLICT conflict, and changes nothing', async () => {
    const slot = futureSlot(1);
    expect((await postMessage(hub, bookingMessage(slot), barsHeaders())).status).toBe(200);
    const before = await count('SELECT count(*) n FROM appointment');

    const res = await postMessage(hub, bookingMessage(slot), barsHeaders());
    expect(res.status).toBe(409);
    expect(recOf(res)).toMatchObject({ code: 'REC_CONFLICT', issue: 'conflict', display: '409 - REC_CONFLICT' });
    expect(await count('SELECT count(*) n FROM appointment')).toBe(before);
  });

  it('answers a repeated X-Request-Id with 409 duplicate and does not process it again', async () => {
    const headers = barsHeaders();
    const message = bookingMessage(futureSlot(2));
    expect((await postMessage(hub, message, headers)).status).toBe(200);
    const before = await count('SELECT count(*) n FROM appointment');

    const again = await postMessage(hub, message, headers);
    expect(again.status).toBe(409);
    expect(recOf(again)).toMatchObject({ code: 'REC_CONFLICT', issue: 'duplicate' });
    // It names what the first one booked, so a sender that lost the answer can read it.
    const booked = (
      await hub.sql.query('SELECT a.id FROM appointment a JOIN inbox_message i ON i.id = a.inbox_id WHERE i.request_id = $1', [
        headers['X-Request-Id'],
      ])
    ).rows[0].id;
    expect(again.headers.get('content-location')?.endsWith(`/Appointment/${booked}/_history/1`)).toBe(true);
    expect(await count('SELECT count(*) n FROM appointment')).toBe(before);
  });

  it('replays a stored failure to a retry of the failed request', async () => {
    const slot = futureSlot(1); // booked by an earlier test
    const headers = barsHeaders();
    const message = bookingMessage(slot);
    const first = await postMessage(hub, message, headers);
    expect(first.status).toBe(409);
    const retry = await postMessage(hub, message, headers);
    expect(retry.status).toBe(409);
    expect(recOf(retry)).toEqual(recOf(first));
  });

  it('books a slot exactly once when 20 senders race for it', async () => {
    const slot = futureSlot(3);
    const answers = await Promise.all(Array.from({ length: 20 }, () => postMessage(hub, bookingMessage(slot), barsHeaders())));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const a of answers.filter((x) => x.status === 409)) expect(recOf(a)).toMatchObject({ code: 'REC_CONFLICT', issue: 'conflict' });
    const slotId = (await slotRow(slot.start)).id;
    expect(await count('SELECT count(*) n FROM appointment WHERE slot_id = $1', [slotId])).toBe(1);
  });

  it('processes one X-Request-Id once when it is posted 10 times at once', async () => {
    const headers = barsHeaders();
    const message = bookingMessage(futureSlot(4));
    const answers = await Promise.all(Array.from({ length: 10 }, () => postMessage(hub, message, headers)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    // The others arrive while it runs (425) or after it finished (409 duplicate): never a second booking.
    expect(statuses.every((s) => s === 200 || s === 425 || s === 409)).toBe(true);
    for (const a of answers.filter((x) => x.status !== 200)) expect(recOf(a).issue).toBe('duplicate');
    expect(await count('SELECT count(*) n FROM inbox_message WHERE request_id = $1', [headers['X-Request-Id']])).toBe(1);
    const slotId = (await slotRow(futureSlot(4).start)).id;
    expect(await count('SELECT count(*) n FROM appointment WHERE slot_id = $1', [slotId])).toBe(1);
  });

  it('accepts a patient without an NHS number', async () => {
    const message = bookingMessage(futureSlot(5));
    delete resource(message, 'Patient').identifier;
    const res = await postMessage(hub, message, barsHeaders());
    expect(res.status).toBe(200);
    const patientId = resource(res.body, 'Patient').id;
    expect((await hub.sql.query('SELECT nhs_number FROM patient WHERE id = $1', [patientId])).rows[0]).toEqual({ nhs_number: null });
  });
});
