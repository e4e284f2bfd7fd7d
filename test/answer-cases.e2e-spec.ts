import { updateMessage } from './support/changes';
import { answered, expectAnswerIsRecord, restAppointment } from './support/answers';
import { startHub, type Hub } from './support/hub';
import { call, postMessage, publish, recOf, type Answer } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, resource, type Json, type SlotTime } from './support/messages';
import { nhsNumber } from './support/pointers';
import { onSendersServer, withLocalIds } from './support/rewrites';

const HOUR = 3_600_000;
/** A slot that started yesterday, on the hour. */
const yesterday = (): SlotTime => {
  const start = Math.floor(Date.now() / HOUR) * HOUR - 24 * HOUR;
  return { start: new Date(start).toISOString(), end: new Date(start + HOUR).toISOString() };
};

/** The numbered cases of issue #13, each with the answer it must get. */
describe('issue #13: a message the hub cannot honour exactly is refused; what it honours is answered as stored', () => {
  let hub: Hub;
  let next = 0;
  const times = Array.from({ length: 30 }, (_, i) => futureSlot(400 + i));
  const past = yesterday();
  const slotIdAt = new Map<string, string>();
  const slot = (): SlotTime => times[next++];
  beforeAll(async () => {
    hub = await startHub();
    const res = await publish(hub, availability([...times, past]));
    expect(res.status).toBe(200);
    for (const e of res.body.entry.filter((x: Json) => x.resource.resourceType === 'Slot')) slotIdAt.set(e.resource.start, e.resource.id);
  });
  afterAll(() => hub?.stop());

  const write = (method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Answer> =>
    call(hub, method, path, { headers: { ...barsHeaders(), ...extra }, body });
  const expectRec = (res: Answer, status: number, code: string, issue?: string): void => {
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect({ status: res.status, ...recOf(res) }).toMatchObject(issue ? { status, code, issue } : { status, code });
  };
  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await hub.sql.query(sql, params)).rows[0].n);
  const recorded = (headers: Record<string, string>): Promise<number> =>
    count('SELECT count(*) n FROM inbox_message WHERE request_id = $1', [headers['X-Request-Id']]);
  const slotStatus = async (start: string): Promise<string> =>
    (await hub.sql.query('SELECT status FROM slot WHERE start_at = $1', [start])).rows[0].status;

  it("1. Appointment times other than the Slot's → 422 naming both, nothing queued or booked", async () => {
    const time = slot();
    const message = bookingMessage(time);
    Object.assign(resource(message, 'Appointment'), futureSlot(900));
    const headers = barsHeaders();
    const res = await postMessage(hub, message, headers);
    expectRec(res, 422, 'REC_UNPROCESSABLE_ENTITY');
    expect(recOf(res).diagnostics).toMatch(/Appointment\.start.*Slot\.start/);
    expect(await recorded(headers)).toBe(0);
    expect(await slotStatus(time.start)).toBe('free');
  });

  it.each([
    ['not a date', 'not a date'],
    ['no time zone', '2026-12-03T11:10:00'],
  ])('2. Appointment.start that is %s → 400 value naming Appointment.start', async (_label, value) => {
    const message = bookingMessage(slot());
    resource(message, 'Appointment').start = value;
    const res = await postMessage(hub, message, barsHeaders());
    expectRec(res, 400, 'REC_BAD_REQUEST', 'value');
    expect(recOf(res).diagnostics).toContain('Appointment.start');
    expect(recOf(res).diagnostics).not.toContain(value);
  });

  it("3. entries without fullUrl, linked by the sender's ids → 400, nothing booked", async () => {
    const time = slot();
    const headers = barsHeaders();
    const res = await postMessage(hub, withLocalIds(bookingMessage(time)), headers);
    expectRec(res, 400, 'REC_BAD_REQUEST', 'required');
    expect(recOf(res).diagnostics).toBe('Bundle.entry[0].fullUrl is required');
    expect(await recorded(headers)).toBe(0);
    expect(await slotStatus(time.start)).toBe('free');
  });

  it("4. every fullUrl and reference absolute on the sender's server → booked, answered with the hub's ids", async () => {
    const time = slot();
    const message = onSendersServer(bookingMessage(time));
    const sendersSlotId = resource(message, 'Slot').id;
    const res = await postMessage(hub, message, barsHeaders());
    expect(res.status).toBe(200);
    const { appointment, slot: answeredSlot } = answered(res);
    expect(answeredSlot?.id).toBe(slotIdAt.get(time.start));
    expect(answeredSlot?.id).not.toBe(sendersSlotId);
    await expectAnswerIsRecord(hub, appointment, 'busy');
  });

  it('5. the X-Request-Id of a booking reused for a cancel → 422 naming the reuse; still booked', async () => {
    const headers = barsHeaders();
    const booked = await postMessage(hub, bookingMessage(slot()), headers);
    expect(booked.status).toBe(200);
    const id = answered(booked).appointment.id;
    const cancel = structuredClone(booked.body);
    cancel.entry[0].resource.reason.coding[0].code = 'update';
    resource(cancel, 'Appointment').status = 'cancelled';
    const res = await postMessage(hub, cancel, headers);
    expectRec(res, 422, 'REC_UNPROCESSABLE_ENTITY');
    expect(recOf(res).diagnostics).toContain('X-Request-Id was already used for a different message');
    expect((await call(hub, 'GET', `/Appointment/${id}`)).body.status).toBe('booked');
  });

  it('5. (REST) the X-Request-Id of one write reused for another → 422; the same write again → 409 naming it', async () => {
    const headers = barsHeaders();
    const body = restAppointment(slotIdAt.get(slot().start) as string, nhsNumber(951));
    const created = await call(hub, 'POST', '/Appointment', { headers, body });
    expect(created.status).toBe(201);
    const again = await call(hub, 'POST', '/Appointment', { headers, body });
    expectRec(again, 409, 'REC_CONFLICT', 'duplicate');
    expect(again.headers.get('content-location')?.endsWith(`/Appointment/${created.body.id}/_history/1`)).toBe(true);
    const other = await call(hub, 'DELETE', `/Appointment/${created.body.id}`, { headers });
    expectRec(other, 422, 'REC_UNPROCESSABLE_ENTITY');
    expect((await call(hub, 'GET', `/Appointment/${created.body.id}`)).body.status).toBe('booked');
  });

  describe('6. a free slot that started yesterday is refused with 422 on every path', () => {
    it('message', async () => {
      const res = await postMessage(hub, bookingMessage(past), barsHeaders());
      expectRec(res, 422, 'REC_UNPROCESSABLE_ENTITY', 'business-rule');
      expect(recOf(res).diagnostics).toContain('past');
    });

    it('rebook', async () => {
      const booked = await postMessage(hub, bookingMessage(slot()), barsHeaders());
      expect(booked.status).toBe(200);
      const res = await postMessage(hub, updateMessage(answered(booked).appointment.id, past), barsHeaders());
      expectRec(res, 422, 'REC_UNPROCESSABLE_ENTITY', 'business-rule');
    });

    it('POST and PATCH', async () => {
      const pastId = slotIdAt.get(past.start) as string;
      expectRec(
        await write('POST', '/Appointment', restAppointment(pastId, nhsNumber(931))),
        422,
        'REC_UNPROCESSABLE_ENTITY',
        'business-rule',
      );
      const created = await write('POST', '/Appointment', restAppointment(slotIdAt.get(slot().start) as string, nhsNumber(932)));
      expect(created.status).toBe(201);
      const patch = { resourceType: 'Appointment', slot: [{ reference: `Slot/${pastId}` }] };
      expectRec(await write('PATCH', `/Appointment/${created.body.id}`, patch), 422, 'REC_UNPROCESSABLE_ENTITY', 'business-rule');
      expect(await slotStatus(past.start)).toBe('free');
    });
  });

  it('9. POST with the patient as an actor identified by NHS number only → 201; If-Match: * means any version', async () => {
    const body = restAppointment(slotIdAt.get(slot().start) as string, nhsNumber(941));
    delete body.contained;
    body.participant = [
      { actor: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber(941) } }, status: 'accepted' },
    ];
    const res = await write('POST', '/Appointment', body);
    expect(res.status).toBe(201);
    await expectAnswerIsRecord(hub, res.body, 'busy');
    const put = await write('PUT', `/Appointment/${res.body.id}`, { ...res.body, reasonCode: [{ text: 'x' }] }, { 'If-Match': '*' });
    expect(put.status).toBe(200);
    expect(put.body.meta.versionId).toBe('2');
    // A Patient the hub knows, by reference.
    const known = restAppointment(slotIdAt.get(slot().start) as string, nhsNumber(941));
    delete known.contained;
    const patientRef = res.body.participant[0].actor.reference;
    expect(patientRef).toMatch(/^Patient\/[0-9a-f-]{36}$/);
    known.participant = [{ actor: { reference: patientRef }, status: 'accepted' }];
    const again = await write('POST', '/Appointment', known);
    expect(again.status).toBe(201);
    expect(again.body.participant[0].actor.reference).toBe(patientRef);
  });

  it.each([
    ['letters', 'abc'],
    ['a wrong check digit', '9476719932'],
    ['17 digits', '94767199311234567'],
  ])('10. an NHS number with %s → 400 value, refused before it is queued (message and POST)', async (_label, value) => {
    const message = bookingMessage(slot());
    resource(message, 'Patient').identifier = [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value }];
    const headers = barsHeaders();
    const res = await postMessage(hub, message, headers);
    expectRec(res, 400, 'REC_BAD_REQUEST', 'value');
    expect(recOf(res).diagnostics).not.toContain(value);
    expect(await recorded(headers)).toBe(0);
    const rest = await write('POST', '/Appointment', restAppointment(slotIdAt.get(slot().start) as string, value));
    expectRec(rest, 400, 'REC_BAD_REQUEST', 'value');
  });
});
