import { cancelMessage, updateMessage } from './support/changes';
import { answered, expectAnswerIsRecord, restAppointment } from './support/answers';
import { startHub, type Hub } from './support/hub';
import { call, postMessage, publish, type Answer } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, resource, type Json } from './support/messages';
import { nhsNumber } from './support/pointers';

/**
 * Issue #13: every answer is read from the record. After each change the answer's Appointment equals
 * `GET /Appointment/{id}` right after, and its Slot is the stored slot in the state the change left it.
 */
describe('the answer is the record, for every operation', () => {
  let hub: Hub;
  let next = 0;
  let slotIds: string[] = [];
  const times = Array.from({ length: 30 }, (_, i) => futureSlot(200 + i));
  const slot = (): ReturnType<typeof futureSlot> => times[next++];
  beforeAll(async () => {
    hub = await startHub();
    const res = await publish(hub, availability(times));
    expect(res.status).toBe(200);
    slotIds = res.body.entry.filter((e: Json) => e.resource.resourceType === 'Slot').map((e: Json) => e.resource.id);
  });
  afterAll(() => hub?.stop());

  const send = (bundle: Json, correlationId?: string): Promise<Answer> =>
    postMessage(hub, bundle, barsHeaders(correlationId ? { 'X-Correlation-Id': correlationId } : {}));
  const write = (method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Answer> =>
    call(hub, method, path, { headers: { ...barsHeaders(), ...extra }, body });

  async function book(): Promise<{ res: Answer; correlationId: string; appointment: Json; slot: Json }> {
    const headers = barsHeaders();
    const res = await postMessage(hub, bookingMessage(slot()), headers);
    expect(res.status).toBe(200);
    const { appointment, slot: answeredSlot } = answered(res);
    return { res, correlationId: headers['X-Correlation-Id'], appointment, slot: answeredSlot as Json };
  }

  it("book: the stored Appointment (version 1, the hub's created and lastUpdated) and the Slot, busy", async () => {
    const { res, appointment, slot: answeredSlot } = await book();
    expect(appointment.meta.versionId).toBe('1');
    expect(appointment.created).not.toBe('2021-10-11T15:01:30+00:00');
    await expectAnswerIsRecord(hub, appointment, 'busy');
    expect(answeredSlot).toMatchObject({ resourceType: 'Slot', status: 'busy', start: appointment.start, end: appointment.end });
    expect(answeredSlot.meta.versionId).toMatch(/^\d+$/);
    expect(`Slot/${answeredSlot.id}`).toBe(appointment.slot[0].reference);
    expect(`Patient/${resource(res.body, 'Patient').id}`).toBe(appointment.participant[0].actor.reference);
    // Entries the hub does not keep carry no id of the sender's.
    for (const type of ['MessageHeader', 'Organization', 'Practitioner', 'Location']) expect(resource(res.body, type).id).toBeUndefined();
  });

  it('cancel built from the booking answer (case 7): 200, the cancelled version, the Slot shown free', async () => {
    const { res: booked } = await book();
    const cancel = structuredClone(booked.body);
    cancel.entry[0].resource.reason.coding[0].code = 'update';
    cancel.entry[0].resource.definition = 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request-cancelled';
    resource(cancel, 'Appointment').status = 'cancelled';
    cancel.meta.versionId = '1.1.0';
    const res = await send(cancel);
    expect(res.status).toBe(200);
    const { appointment, slot: answeredSlot } = answered(res);
    expect(appointment).toMatchObject({ status: 'cancelled', meta: { versionId: '2' } });
    await expectAnswerIsRecord(hub, appointment, 'free');
    expect(answeredSlot).toMatchObject({ id: resource(booked.body, 'Slot').id, status: 'free' });
  });

  /** A message made from an earlier answer: what a sender holding the hub's answer sends next. */
  function fromAnswer(answer: Json, change: (appointment: Json) => void): Json {
    const message = structuredClone(answer);
    message.entry[0].resource.reason.coding[0].code = 'update';
    change(resource(message, 'Appointment'));
    return message;
  }

  it('update built from the booking answer: version 2 as stored', async () => {
    const { res: booked } = await book();
    const res = await send(fromAnswer(booked.body, (a) => (a.reasonCode = [{ text: 'Fever' }])));
    expect(res.status).toBe(200);
    const { appointment, slot: answeredSlot } = answered(res);
    expect(appointment).toMatchObject({ meta: { versionId: '2' }, reasonCode: [{ text: 'Fever' }] });
    await expectAnswerIsRecord(hub, appointment, 'busy');
    expect(answeredSlot?.status).toBe('busy');
  });

  it('rebook built from the booking answer, to a hub slot by id: the new appointment; the old slot shown free', async () => {
    const { res: booked } = await book();
    const target = slot();
    const targetId = (await hub.sql.query('SELECT id FROM slot WHERE start_at = $1', [target.start])).rows[0].id;
    const message = fromAnswer(booked.body, (a) => Object.assign(a, { slot: [{ reference: `Slot/${targetId}` }], ...target }));
    const res = await send(message);
    expect(res.status).toBe(200);
    const { appointment, slot: oldSlot } = answered(res);
    expect(appointment.slot).toEqual([{ reference: `Slot/${targetId}` }]);
    await expectAnswerIsRecord(hub, appointment, 'busy');
    expect(oldSlot).toMatchObject({ id: resource(booked.body, 'Slot').id, status: 'free' });
  });

  it('cancel in the IG form: the cancelled version', async () => {
    const b = await book();
    const res = await send(cancelMessage({ appointmentId: b.appointment.id }));
    expect(res.status).toBe(200);
    expect(answered(res).appointment.status).toBe('cancelled');
    await expectAnswerIsRecord(hub, answered(res).appointment, 'free');
  });

  it('update (reasonCode): version 2 as stored', async () => {
    const b = await book();
    const time = { start: b.appointment.start, end: b.appointment.end };
    const res = await send(updateMessage(b.appointment.id, time, (a) => (a.reasonCode = [{ text: 'Headache' }])));
    expect(res.status).toBe(200);
    const { appointment } = answered(res);
    expect(appointment).toMatchObject({ id: b.appointment.id, meta: { versionId: '2' }, reasonCode: [{ text: 'Headache' }] });
    await expectAnswerIsRecord(hub, appointment, 'busy');
  });

  it('rebook in one message: the new appointment and its new slot, as stored', async () => {
    const b = await book();
    const res = await send(updateMessage(b.appointment.id, slot()));
    expect(res.status).toBe(200);
    const { appointment, slot: answeredSlot } = answered(res);
    expect(appointment.id).not.toBe(b.appointment.id);
    await expectAnswerIsRecord(hub, appointment, 'busy');
    expect(answeredSlot).toMatchObject({ status: 'busy', start: appointment.start });
  });

  it('rebook in two messages (cancel, then a booking in the conversation): the new booking as stored', async () => {
    const b = await book();
    expect((await send(cancelMessage({ appointmentId: b.appointment.id }), b.correlationId)).status).toBe(200);
    const res = await send(bookingMessage(slot()), b.correlationId);
    expect(res.status).toBe(200);
    await expectAnswerIsRecord(hub, answered(res).appointment, 'busy');
  });

  describe('REST', () => {
    let id: string;
    it('POST: 201, the stored Appointment', async () => {
      const res = await write('POST', '/Appointment', restAppointment(slotIds[25], nhsNumber(901)));
      expect(res.status).toBe(201);
      id = res.body.id;
      await expectAnswerIsRecord(hub, res.body, 'busy');
    });

    it('PUT: the stored version 2', async () => {
      const current = (await call(hub, 'GET', `/Appointment/${id}`)).body;
      const res = await write('PUT', `/Appointment/${id}`, { ...current, reasonCode: [{ text: 'Cough' }] }, { 'If-Match': 'W/"1"' });
      expect(res.status).toBe(200);
      expect(res.body.meta.versionId).toBe('2');
      await expectAnswerIsRecord(hub, res.body, 'busy');
    });

    it('PATCH (reschedule): the stored version 3 in the new slot', async () => {
      const res = await write('PATCH', `/Appointment/${id}`, { resourceType: 'Appointment', slot: [{ reference: `Slot/${slotIds[26]}` }] });
      expect(res.status).toBe(200);
      expect(res.body.meta.versionId).toBe('3');
      await expectAnswerIsRecord(hub, res.body, 'busy');
    });

    it('PUT cancelled: the stored cancelled version, the slot free', async () => {
      const current = (await call(hub, 'GET', `/Appointment/${id}`)).body;
      const res = await write('PUT', `/Appointment/${id}`, { ...current, status: 'cancelled' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'cancelled', meta: { versionId: '4' } });
      await expectAnswerIsRecord(hub, res.body, 'free');
    });

    it('DELETE: 200 OperationOutcome, and the record says cancelled', async () => {
      const created = await write('POST', '/Appointment', restAppointment(slotIds[27], nhsNumber(902)));
      expect(created.status).toBe(201);
      const res = await write('DELETE', `/Appointment/${created.body.id}`);
      expect(res.status).toBe(200);
      expect(res.body.resourceType).toBe('OperationOutcome');
      const read = await call(hub, 'GET', `/Appointment/${created.body.id}`);
      expect(read.body).toMatchObject({ resourceType: 'Appointment', status: 'cancelled', meta: { versionId: '2' } });
    });
  });
});
