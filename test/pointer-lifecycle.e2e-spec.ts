import { RescheduleService } from '@hub/appointment';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { cancelMessage, updateMessage } from './support/changes';
import { startHub, type Hub } from './support/hub';
import { call, postMessage, publish, recOf } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, resource, type Json, type SlotTime } from './support/messages';
import { nhsNumber, outboxOf, pointersOf, withPatient } from './support/pointers';

const BASE = 'https://hub.e2e.example';
const POINTER_ID = /^HUB01-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('pointer lifecycle (BARS.md §5.2), through $process-message and the registry', () => {
  let hub: Hub;
  let nextSlot = 0;
  let nextPatient = 0;
  const slot = (): SlotTime => futureSlot(nextSlot++);
  beforeAll(async () => {
    hub = await startHub({ env: { PUBLIC_BASE_URL: BASE, POINTER_PRODUCT_ID: 'P.E2E-1' } });
    expect((await publish(hub, availability(Array.from({ length: 40 }, (_, i) => futureSlot(i))))).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  interface Booked {
    id: string;
    slotId: string;
    correlationId: string;
    time: SlotTime;
    nhs: string | null;
  }

  async function book(opts: { nhs?: string | null; correlationId?: string } = {}): Promise<Booked> {
    const nhs = opts.nhs === undefined ? nhsNumber(nextPatient++) : opts.nhs;
    const time = slot();
    const headers = barsHeaders(opts.correlationId ? { 'X-Correlation-Id': opts.correlationId } : {});
    const res = await postMessage(hub, withPatient(bookingMessage(time), nhs), headers);
    expect(res.status).toBe(200);
    const id = resource(res.body, 'Appointment').id;
    return { id, slotId: resource(res.body, 'Slot').id, correlationId: headers['X-Correlation-Id'], time, nhs };
  }
  const send = (bundle: Json, nhs: string | null, correlationId?: string) =>
    postMessage(hub, withPatient(bundle, nhs), barsHeaders(correlationId ? { 'X-Correlation-Id': correlationId } : {}));
  const only = async (nhs: string): Promise<Json> => {
    const pointers = await pointersOf(hub, nhs);
    expect(pointers).toHaveLength(1);
    return pointers[0];
  };

  it('a booking creates a current pointer with the content of BARS.md §5.3, and a pending create in the outbox', async () => {
    const b = await book();
    const pointer = await only(b.nhs as string);
    expect(pointer.id).toMatch(POINTER_ID);
    expect(pointer).toMatchObject({
      resourceType: 'DocumentReference',
      identifier: [
        { system: 'https://fhir.nhs.uk/Id/BaRS-Identifier', value: b.id },
        { system: 'https://fhir.nhs.uk/Id/dos-service-id', value: '111111111' },
        { system: 'https://fhir.nhs.uk/id/product-id', value: 'P.E2E-1' },
      ],
      status: 'current',
      type: { coding: [{ system: 'http://snomed.info/sct', code: '749001000000101' }] },
      category: [{ coding: [{ system: 'http://snomed.info/sct', code: '419891008' }] }],
      subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: b.nhs } },
      author: [{ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'HUB01' } }],
      custodian: { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'HUB01' } },
      content: [
        {
          extension: [
            {
              url: 'https://fhir.nhs.uk/England/StructureDefinition/Extension-England-ContentStability',
              valueCodeableConcept: { coding: [{ code: 'dynamic' }] },
            },
          ],
          attachment: { contentType: 'application/fhir+json', url: `${BASE}/Appointment/${b.id}` },
          format: { system: 'https://fhir.nhs.uk/England/CodeSystem/England-NRLFormatCode', code: 'urn:nhs-ic:structured' },
        },
      ],
      context: {
        period: { start: b.time.start, end: b.time.end },
        practiceSetting: { coding: [{ system: 'http://snomed.info/sct', code: '394802001' }] },
      },
    });
    expect(pointer.relatesTo).toBeUndefined();
    const read = await call(hub, 'GET', `/DocumentReference/${pointer.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(pointer);
    expect(await outboxOf(hub, b.id)).toMatchObject([{ operation: 'create', state: 'pending', pointer_id: pointer.id, chain_id: b.id }]);
  });

  it('an update of reasonCode alone changes neither the pointer nor the outbox', async () => {
    const b = await book();
    const before = await only(b.nhs as string);
    const reasonCode = [{ coding: [{ system: 'http://snomed.info/sct', code: '25064002', display: 'Headache' }] }];
    expect(
      (
        await send(
          updateMessage(b.id, b.time, (a) => (a.reasonCode = reasonCode)),
          b.nhs,
        )
      ).status,
    ).toBe(200);
    expect(await only(b.nhs as string)).toEqual(before);
    expect((await outboxOf(hub, b.id)).map((r) => r.operation)).toEqual(['create']);
  });

  it('a reschedule (RescheduleService, in a transaction) updates context.period of the same pointer', async () => {
    const b = await book();
    const before = await only(b.nhs as string);
    const to = slot();
    const { rows } = await hub.sql.query('SELECT id FROM slot WHERE start_at = $1', [to.start]);
    const reschedule = hub.api.get(RescheduleService);
    await hub.api
      .get(DataSource)
      .transaction((m) => reschedule.reschedule(m, { appointmentId: b.id, slotId: rows[0].id, inboxId: randomUUID() }));
    const after = await only(b.nhs as string);
    expect(after.id).toBe(before.id);
    expect(after.context.period).toEqual({ start: to.start, end: to.end });
    expect({ ...after, meta: before.meta, context: before.context }).toEqual(before);
    expect(await outboxOf(hub, b.id)).toMatchObject([
      { operation: 'create' },
      { operation: 'update', pointer_id: before.id, state: 'pending' },
    ]);
  });

  it('a cancellation removes the pointer: the search is an explicit empty searchset, the read is 404', async () => {
    const b = await book();
    const pointer = await only(b.nhs as string);
    expect((await send(cancelMessage({ appointmentId: b.id }), b.nhs)).status).toBe(200);
    const search = await call(hub, 'GET', `/DocumentReference?subject:identifier=https://fhir.nhs.uk/Id/nhs-number|${b.nhs}`);
    expect(search.status).toBe(200);
    expect(search.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0, entry: [] });
    const read = await call(hub, 'GET', `/DocumentReference/${pointer.id}`);
    expect({ status: read.status, ...recOf(read) }).toMatchObject({ status: 404, code: 'REC_NOT_FOUND', issue: 'not-found' });
    expect(await outboxOf(hub, b.id)).toMatchObject([{ operation: 'create' }, { operation: 'delete', pointer_id: pointer.id }]);
  });

  it('a rebook in one message supersedes the old pointer with the new appointment’s (relatesTo replaces)', async () => {
    const b = await book();
    const old = await only(b.nhs as string);
    const to = slot();
    const res = await send(updateMessage(b.id, to), b.nhs);
    expect(res.status).toBe(200);
    const newId = resource(res.body, 'Appointment').id;
    const current = await only(b.nhs as string);
    expect(current.id).not.toBe(old.id);
    expect(current.identifier[0]).toEqual({ system: 'https://fhir.nhs.uk/Id/BaRS-Identifier', value: newId });
    expect(current.context.period).toEqual({ start: to.start, end: to.end });
    expect(current.relatesTo).toEqual([{ code: 'replaces', target: { type: 'DocumentReference', identifier: { value: old.id } } }]);
    expect((await call(hub, 'GET', `/DocumentReference/${old.id}`)).status).toBe(404);
    // No delete of the old pointer: the supersede removes it at the NRL. One chain, so one order.
    expect(await outboxOf(hub, b.id, newId)).toMatchObject([
      { appointment_id: b.id, operation: 'create', chain_id: b.id },
      { appointment_id: newId, operation: 'supersede', pointer_id: current.id, chain_id: b.id },
    ]);
  });

  it('the composite rebook (cancel, then a booking in the conversation) deletes the old pointer and creates a new one', async () => {
    const b = await book();
    const old = await only(b.nhs as string);
    expect((await send(cancelMessage({ appointmentId: b.id }), b.nhs, b.correlationId)).status).toBe(200);
    const n = await book({ nhs: b.nhs, correlationId: b.correlationId });
    const current = await only(b.nhs as string);
    expect(current.identifier[0].value).toBe(n.id);
    expect(current.relatesTo).toBeUndefined();
    expect(await outboxOf(hub, b.id, n.id)).toMatchObject([
      { appointment_id: b.id, operation: 'create', chain_id: b.id },
      { appointment_id: b.id, operation: 'delete', pointer_id: old.id, chain_id: b.id },
      { appointment_id: n.id, operation: 'create', pointer_id: current.id, chain_id: b.id },
    ]);
  });

  it('a patient without an NHS number gets no pointer, and the outbox says why', async () => {
    const b = await book({ nhs: null });
    expect(await outboxOf(hub, b.id)).toMatchObject([
      { operation: 'create', state: 'skipped', pointer_id: null, reason: 'the patient has no NHS number' },
    ]);
    const count = await hub.sql.query('SELECT count(*)::int AS n FROM pointer WHERE appointment_id = $1', [b.id]);
    expect(count.rows[0].n).toBe(0);
    expect((await send(cancelMessage({ appointmentId: b.id }), null)).status).toBe(200);
    expect((await outboxOf(hub, b.id)).map((r) => r.state)).toEqual(['skipped']);
  });

  it('a change that fails (a rebook into a taken slot, 409) leaves the pointer and the outbox untouched', async () => {
    const b = await book();
    const other = await book();
    const before = await only(b.nhs as string);
    expect((await send(updateMessage(b.id, other.time), b.nhs)).status).toBe(409);
    expect(await only(b.nhs as string)).toEqual(before);
    expect((await outboxOf(hub, b.id)).map((r) => r.operation)).toEqual(['create']);
  });
});
