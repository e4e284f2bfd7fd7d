import { DirectReader, type BookSlotsCommand, type DirectCommand } from '@hub/appointment';
import type { DirectJobName } from '@hub/messaging';
import { randomUUID } from 'node:crypto';
import type { InboundResult } from '@hub/messaging';
import { InboxSubmitter } from '../apps/api/src/fhir/inbox-submitter';
import { startHub, type Hub } from './support/hub';
import { postMessage, publish } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, resource } from './support/messages';

/**
 * The slot-based commands of the appointment book (what the GP Connect surface's book, amend and cancel
 * run), through the same inbox, queue and worker as every write, against real PostgreSQL and Redis.
 */
describe('slot-based booking, amendment and cancellation in the appointment book', () => {
  let hub: Hub;
  let patientId: string;
  let barsAppointmentId: string;
  const slotIds: string[] = [];

  const JOB: Record<DirectCommand['kind'], DirectJobName> = {
    'book-slots': 'gpc.book',
    'amend-text': 'gpc.amend',
    'cancel-with-reason': 'gpc.cancel',
  };
  const submit = (command: DirectCommand, requestId = randomUUID()): Promise<InboundResult> =>
    hub.api.get(InboxSubmitter).submit({
      requestId,
      correlationId: requestId,
      bundleId: null,
      event: `gpc.${command.kind}`,
      reason: null,
      jobName: JOB[command.kind],
      targetService: null,
      sourceEndpoint: null,
      auditHeaders: {},
      body: JSON.stringify(command),
    });
  /** The answer flattened for matching: the appointment written (id and version) and why a write was refused. */
  const result = (s: InboundResult): { status: number; appointmentId?: string; versionId?: number; refusal?: string } => ({
    status: s.status,
    appointmentId: s.written?.appointment.id,
    versionId: s.written?.appointment.versionId,
    refusal: s.refusal,
  });
  const booking = (slots: number[], over: Partial<BookSlotsCommand> = {}): BookSlotsCommand => ({
    kind: 'book-slots',
    slotIds: slots.map((i) => slotIds[i]),
    start: futureSlot(slots[0]).start,
    end: futureSlot(slots[slots.length - 1]).end,
    patientId,
    participants: [{ reference: `Patient/${patientId}`, status: 'accepted' }],
    bookingOrganisation: { odsCode: 'A20047', name: 'Test Suite Validator', telecom: [{ system: 'phone', value: '0300 311 22 34' }] },
    description: 'Default Description',
    ...over,
  });
  const slotStatus = async (i: number): Promise<string> =>
    (await hub.sql.query('SELECT status FROM slot WHERE id = $1', [slotIds[i]])).rows[0].status;

  beforeAll(async () => {
    hub = await startHub();
    expect((await publish(hub, availability(Array.from({ length: 12 }, (_, i) => futureSlot(i))))).status).toBe(200);
    for (let i = 0; i < 12; i++) {
      slotIds.push((await hub.sql.query('SELECT id FROM slot WHERE start_at = $1', [futureSlot(i).start])).rows[0].id);
    }
    const bars = await postMessage(hub, bookingMessage(futureSlot(11)), barsHeaders());
    expect(bars.status).toBe(200);
    barsAppointmentId = resource(bars.body, 'Appointment').id;
    patientId = (await hub.sql.query('SELECT patient_id FROM appointment WHERE id = $1', [barsAppointmentId])).rows[0].patient_id;
  });
  afterAll(() => hub?.stop());

  let appointmentId: string;

  it('books two adjacent slots in one appointment: both busy, every slot named, the booking organisation stored', async () => {
    const done = result(await submit(booking([0, 1])));
    expect(done).toMatchObject({ status: 200, versionId: 1 });
    appointmentId = done.appointmentId as string;
    expect(await slotStatus(0)).toBe('busy');
    expect(await slotStatus(1)).toBe('busy');
    const facts = await hub.api.get(DirectReader).facts(appointmentId);
    expect(facts?.row).toMatchObject({ status: 'booked', startAt: futureSlot(0).start, endAt: futureSlot(1).end, slotId: slotIds[0] });
    expect(facts?.row.resource.slot).toEqual([{ reference: `Slot/${slotIds[0]}` }, { reference: `Slot/${slotIds[1]}` }]);
    expect(facts?.bookingOrganisation).toMatchObject({ odsCode: 'A20047', name: 'Test Suite Validator' });
    expect(facts?.slots.map((s) => s.id)).toEqual([slotIds[0], slotIds[1]]);
    const versions = await hub.sql.query('SELECT version_id FROM appointment_version WHERE appointment_id = $1', [appointmentId]);
    expect(versions.rows).toEqual([{ version_id: 1 }]);
  });

  it('refuses a booking when any of its slots is taken, and leaves the free one free', async () => {
    expect(result(await submit(booking([1, 2])))).toMatchObject({ status: 409, refusal: 'slot-taken' });
    expect(await slotStatus(2)).toBe('free');
  });

  it('refuses slots that are not adjacent, a start or end that is not the slots’, and unknown slots or patients', async () => {
    expect(result(await submit(booking([2, 4], { end: futureSlot(4).end })))).toMatchObject({ status: 422, refusal: 'invalid' });
    expect(result(await submit(booking([2], { start: futureSlot(3).start })))).toMatchObject({ status: 422, refusal: 'invalid' });
    expect(result(await submit(booking([2], { end: futureSlot(3).end })))).toMatchObject({ status: 422, refusal: 'invalid' });
    expect(result(await submit({ ...booking([2]), slotIds: [randomUUID()] }))).toMatchObject({ status: 422, refusal: 'unknown-reference' });
    expect(result(await submit(booking([2], { patientId: randomUUID() })))).toMatchObject({ status: 422, refusal: 'unknown-reference' });
    expect(await slotStatus(2)).toBe('free');
  });

  it('does a repeated request (same retry key) once', async () => {
    const key = randomUUID();
    const first = result(await submit(booking([5]), key));
    expect(first.status).toBe(200);
    await submit(booking([5]), key);
    const n = (await hub.sql.query('SELECT count(*) n FROM appointment WHERE slot_id = $1', [slotIds[5]])).rows[0].n;
    expect(n).toBe('1');
  });

  it('amends the description and comment only, as a new version; a stale If-Match is refused', async () => {
    const amend = { kind: 'amend-text', appointmentId, description: 'New description', comment: 'A comment' } as const;
    expect(result(await submit({ ...amend, ifMatch: 7 }))).toMatchObject({ status: 409, refusal: 'stale-version' });
    expect(result(await submit({ ...amend, ifMatch: 1 }))).toMatchObject({ status: 200, versionId: 2 });
    const facts = await hub.api.get(DirectReader).facts(appointmentId);
    expect(facts?.row.resource).toMatchObject({ description: 'New description', comment: 'A comment', status: 'booked' });
    expect(facts?.bookingOrganisation?.odsCode).toBe('A20047');
  });

  it('cancels with a reason, freeing every slot; a cancelled appointment can be neither amended nor cancelled', async () => {
    const done = result(await submit({ kind: 'cancel-with-reason', appointmentId, reason: 'double booked' }));
    expect(done).toMatchObject({ status: 200, versionId: 3 });
    expect(await slotStatus(0)).toBe('free');
    expect(await slotStatus(1)).toBe('free');
    const facts = await hub.api.get(DirectReader).facts(appointmentId);
    expect(facts?.row.status).toBe('cancelled');
    expect(facts?.row.resource.cancelationReason).toEqual({ text: 'double booked' });
    expect(facts?.row.resource.slot).toHaveLength(2);
    expect(result(await submit({ kind: 'amend-text', appointmentId, description: 'x' }))).toMatchObject({
      status: 422,
      refusal: 'not-booked',
    });
    expect(result(await submit({ kind: 'cancel-with-reason', appointmentId, reason: 'x' }))).toMatchObject({
      status: 422,
      refusal: 'not-booked',
    });
    expect(result(await submit({ kind: 'amend-text', appointmentId: randomUUID(), description: 'x' }))).toMatchObject({
      status: 404,
      refusal: 'not-found',
    });
  });

  it("lists a patient's appointments in a range, cancelled and BaRS-booked ones included", async () => {
    const all = await hub.api.get(DirectReader).ofPatient(patientId, futureSlot(0).start, futureSlot(12).start);
    const ids = all.map((f) => f.row.id);
    expect(ids).toEqual(expect.arrayContaining([appointmentId, barsAppointmentId]));
    expect(all.find((f) => f.row.id === appointmentId)?.row.status).toBe('cancelled');
    const none = await hub.api.get(DirectReader).ofPatient(patientId, futureSlot(12).start, futureSlot(20).start);
    expect(none).toEqual([]);
  });
});
