import { cancelMessage, updateMessage } from './support/changes';
import { startHub, type Hub } from './support/hub';
import { postMessage, publish, recOf, type Answer } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, resource, type Json } from './support/messages';

describe('cancel, update and rebook through $process-message, each checked against the stored state', () => {
  let hub: Hub;
  let next = 0;
  const slot = (): ReturnType<typeof futureSlot> => futureSlot(next++);
  beforeAll(async () => {
    hub = await startHub();
    expect((await publish(hub, availability(Array.from({ length: 60 }, (_, i) => futureSlot(i))))).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  const one = async (sql: string, params: unknown[]): Promise<Json> => (await hub.sql.query(sql, params)).rows[0];
  const appointment = (id: string): Promise<Json> =>
    one('SELECT status, version_id, slot_id, replaces_id FROM appointment WHERE id = $1', [id]);
  const slotStatus = async (id: string): Promise<string> => (await one('SELECT status FROM slot WHERE id = $1', [id])).status;
  const versions = async (id: string): Promise<string[]> =>
    (await hub.sql.query('SELECT status FROM appointment_version WHERE appointment_id = $1 ORDER BY version_id', [id])).rows.map(
      (r) => r.status,
    );

  /** Books a fresh slot in a conversation of its own. */
  async function book(): Promise<{ id: string; slotId: string; correlationId: string; time: ReturnType<typeof futureSlot> }> {
    const time = slot();
    const headers = barsHeaders();
    const res = await postMessage(hub, bookingMessage(time), headers);
    expect(res.status).toBe(200);
    return {
      id: resource(res.body, 'Appointment').id,
      slotId: resource(res.body, 'Slot').id,
      correlationId: headers['X-Correlation-Id'],
      time,
    };
  }
  const send = (bundle: Json, correlationId?: string): Promise<Answer> =>
    postMessage(hub, bundle, barsHeaders(correlationId ? { 'X-Correlation-Id': correlationId } : {}));
  const expectRec = (res: Answer, status: number, code: string, issue: string): void =>
    expect({ status: res.status, ...recOf(res) }).toMatchObject({ status, code, issue });

  describe('cancel', () => {
    it.each([
      ['update', 'cancelled'],
      ['delete', 'cancelled'],
      ['update', 'entered-in-error'],
      ['delete', 'entered-in-error'],
    ])('reason %s + %s → 200: a new version with that status, the slot free', async (reason, status) => {
      const b = await book();
      const res = await send(cancelMessage({ appointmentId: b.id, reason: reason as 'update', status }));
      expect(res.status).toBe(200);
      expect(resource(res.body, 'Appointment').id).toBe(b.id);
      expect(await appointment(b.id)).toMatchObject({ status, version_id: 2 });
      expect(await versions(b.id)).toEqual(['booked', status]);
      expect(await slotStatus(b.slotId)).toBe('free');
    });

    it('the IG example form (BOOKREQ02: reason new, cancelled definition, no Appointment.id) cancels the booking of the conversation', async () => {
      const b = await book();
      const res = await send(cancelMessage({ reason: 'new' }), b.correlationId);
      expect(res.status).toBe(200);
      expect(resource(res.body, 'Appointment').id).toBe(b.id);
      expect((await appointment(b.id)).status).toBe('cancelled');
    });

    it('an unknown Appointment.id → 404 REC_NOT_FOUND', async () => {
      expectRec(await send(cancelMessage({ appointmentId: '6f1c3f30-3f5e-4d53-9a77-3a3b1c1f0002' })), 404, 'REC_NOT_FOUND', 'not-found');
    });

    it('no Appointment.id in a conversation that booked nothing → 404', async () => {
      expectRec(await send(cancelMessage({ reason: 'new' })), 404, 'REC_NOT_FOUND', 'not-found');
    });

    it('an appointment that is not currently booked → 409 conflict, nothing changes', async () => {
      const b = await book();
      expect((await send(cancelMessage({ appointmentId: b.id }))).status).toBe(200);
      expectRec(await send(cancelMessage({ appointmentId: b.id })), 409, 'REC_CONFLICT', 'conflict');
      expect((await appointment(b.id)).version_id).toBe(2);
    });

    it('stored data newer than the message (meta.lastUpdated) → 409 conflict, still booked', async () => {
      const b = await book();
      expectRec(
        await send(cancelMessage({ appointmentId: b.id, lastUpdated: '2021-10-11T15:01:30+00:00' })),
        409,
        'REC_CONFLICT',
        'conflict',
      );
      expect(await appointment(b.id)).toMatchObject({ status: 'booked', version_id: 1 });
      expect(await slotStatus(b.slotId)).toBe('busy');
    });

    it("another patient's NHS number → 409 conflict", async () => {
      const b = await book();
      const message = cancelMessage({ appointmentId: b.id });
      resource(message, 'Patient').identifier[0].value = '9000000009';
      expectRec(await send(message), 409, 'REC_CONFLICT', 'conflict');
      expect((await appointment(b.id)).status).toBe('booked');
    });
  });

  describe('update', () => {
    it('a new reasonCode in the same slot → 200, version 2 with the reason, same slot', async () => {
      const b = await book();
      const reasonCode = [{ coding: [{ system: 'http://snomed.info/sct', code: '25064002', display: 'Headache' }] }];
      const res = await send(updateMessage(b.id, b.time, (a) => (a.reasonCode = reasonCode)));
      expect(res.status).toBe(200);
      expect(await appointment(b.id)).toMatchObject({ status: 'booked', version_id: 2, slot_id: b.slotId });
      const stored = await one('SELECT resource FROM appointment WHERE id = $1', [b.id]);
      expect(JSON.parse(stored.resource).reasonCode).toEqual(reasonCode);
    });

    it('a change to any other element → 422 naming the element, nothing changes', async () => {
      const b = await book();
      const res = await send(updateMessage(b.id, b.time, (a) => (a.description = 'changed')));
      expectRec(res, 422, 'REC_UNPROCESSABLE_ENTITY', 'processing');
      expect(recOf(res).diagnostics).toContain('Appointment.description');
      expect((await appointment(b.id)).version_id).toBe(1);
    });

    it('naming another free slot rebooks in one message: old cancelled and freed, new booked and linked', async () => {
      const b = await book();
      const to = slot();
      const res = await send(updateMessage(b.id, to));
      expect(res.status).toBe(200);
      const newId = resource(res.body, 'Appointment').id;
      expect(newId).not.toBe(b.id);
      expect(await appointment(b.id)).toMatchObject({ status: 'cancelled', version_id: 2 });
      expect(await slotStatus(b.slotId)).toBe('free');
      expect(await appointment(newId)).toMatchObject({
        status: 'booked',
        version_id: 1,
        replaces_id: b.id,
        slot_id: resource(res.body, 'Slot').id,
      });
      expect(await slotStatus(resource(res.body, 'Slot').id)).toBe('busy');
    });

    it('a rebook into a taken slot → 409, and nothing changes at all', async () => {
      const b = await book();
      const other = await book();
      expectRec(await send(updateMessage(b.id, other.time)), 409, 'REC_CONFLICT', 'conflict');
      expect(await appointment(b.id)).toMatchObject({ status: 'booked', version_id: 1 });
      expect(await slotStatus(b.slotId)).toBe('busy');
      expect(Number((await one('SELECT count(*) n FROM appointment WHERE replaces_id = $1', [b.id])).n)).toBe(0);
    });
  });

  it('the composite rebook (cancel, then a new booking in the same conversation) links the new booking to the old', async () => {
    const b = await book();
    expect((await send(cancelMessage({ appointmentId: b.id }), b.correlationId)).status).toBe(200);
    const res = await send(bookingMessage(slot()), b.correlationId);
    expect(res.status).toBe(200);
    expect((await appointment(resource(res.body, 'Appointment').id)).replaces_id).toBe(b.id);
  });

  it('a cancel racing a rebook of one appointment ends as one of the two serial outcomes', async () => {
    for (let round = 0; round < 4; round++) {
      const b = await book();
      const to = slot();
      const [cancel, rebook] = await Promise.all([send(cancelMessage({ appointmentId: b.id })), send(updateMessage(b.id, to))]);
      const old = await appointment(b.id);
      const replacement = await one('SELECT id, status, slot_id FROM appointment WHERE replaces_id = $1', [b.id]);
      expect(old.status).toBe('cancelled');
      expect(await slotStatus(b.slotId)).toBe('free');
      expect(await versions(b.id)).toEqual(['booked', 'cancelled']);
      if (cancel.status === 200) {
        // Cancel first: the rebook found nothing booked.
        expectRec(rebook, 409, 'REC_CONFLICT', 'conflict');
        expect(replacement).toBeUndefined();
      } else {
        // Rebook first: the cancel found the old appointment no longer booked.
        expectRec(cancel, 409, 'REC_CONFLICT', 'conflict');
        expect(rebook.status).toBe(200);
        expect(replacement.status).toBe('booked');
        expect(await slotStatus(replacement.slot_id)).toBe('busy');
      }
    }
  });
});
