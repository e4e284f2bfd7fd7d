import { WrittenReader } from '@hub/appointment';
import { InboxService, type NewInboxMessage } from '@hub/inbox';
import { randomUUID } from 'node:crypto';
import { cancelMessage, updateMessage } from './support/changes';
import { startHub, type Hub } from './support/hub';
import { call, postMessage, publish } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, resource } from './support/messages';
import { startRoundTripCounter, type Flight, type RoundTripCounter } from './support/pg-round-trips';

const BEGIN = /^(BEGIN|START TRANSACTION)$/i;
const COMMIT = /^COMMIT$/i;

/**
 * The worker's transaction for one message, as the wire saw it: the flights on the connection that
 * claimed the inbox row, from the one that began the transaction to the one that committed it.
 */
function transactionFlights(flights: Flight[]): Flight[] {
  const claim = flights.findIndex((f) => f.application === 'bars-hub-worker' && f.statements.includes('hub_inbox_claim'));
  if (claim < 0) throw new Error(`no worker flight claimed an inbox row: ${JSON.stringify(flights)}`);
  const own = flights.filter((f) => f.connection === flights[claim].connection);
  const at = own.indexOf(flights[claim]);
  const begin = own.slice(0, at + 1).findLastIndex((f) => f.statements.some((s) => BEGIN.test(s)));
  const commit = own.findIndex((f, i) => i >= at && f.statements.some((s) => COMMIT.test(s)));
  if (begin < 0 || commit < 0) throw new Error(`no BEGIN … COMMIT around the claim: ${JSON.stringify(own)}`);
  return own.slice(begin, commit + 1);
}

/**
 * Issue #18: "the worker's booking transaction in at most 3 round trips, the api's accept in 1". Counted on
 * the wire by a proxy that reads PostgreSQL's protocol between the hub and the database: a round trip is a
 * flight of messages the client sends before it waits for their answers (see pg-round-trips.ts).
 */
describe('round trips to PostgreSQL per message', () => {
  let counter: RoundTripCounter;
  let hub: Hub;

  beforeAll(async () => {
    const target = new URL(process.env.TEST_DATABASE_URL as string);
    counter = await startRoundTripCounter(target.hostname, Number(target.port || 5432));
    hub = await startHub({ databaseUrl: (direct) => counter.url(direct) });
    expect((await publish(hub, availability([0, 1, 2, 3, 4].map(futureSlot)))).status).toBe(200);
    // Warm: statements prepared on some connections, the hosted service cached in api and worker.
    expect((await postMessage(hub, bookingMessage(futureSlot(0)), barsHeaders())).status).toBe(200);
  });
  afterAll(async () => {
    await hub?.stop();
    await counter?.close();
  });

  /** Sends `message` and returns the worker's transaction and the api's flights for it. */
  const measure = async (message: unknown): Promise<{ status: number; body: any; worker: Flight[]; api: Flight[] }> => {
    counter.reset();
    const res = await postMessage(hub, message, barsHeaders());
    const flights = [...counter.flights()];
    const api = flights.filter((f) => f.application === 'bars-hub-api');
    return { status: res.status, body: res.body, worker: transactionFlights(flights), api };
  };

  it('books in at most 3 round trips in the worker, BEGIN and COMMIT included, and accepts in 1 in the api', async () => {
    const { status, worker, api } = await measure(bookingMessage(futureSlot(1)));
    expect(status).toBe(200);
    process.stdout.write(`booking: worker ${worker.length} round trips ${JSON.stringify(worker.map((f) => f.statements))}\n`);
    expect(worker.length).toBeLessThanOrEqual(3);
    // Every statement of the booking travelled in those flights.
    const sent = worker.flatMap((f) => f.statements);
    for (const name of [
      'hub_inbox_claim',
      'hub_slot_claim_schedule_time',
      'hub_appointment_insert',
      'hub_pointer_insert',
      'hub_inbox_finish',
    ]) {
      expect(sent).toContain(name);
    }
    const accepts = api.filter((f) => f.statements.includes('hub_inbox_accept_1'));
    expect(accepts).toHaveLength(1);
    expect(accepts[0].statements).toEqual(['hub_inbox_accept_1']);
  });

  it('updates in at most 6 round trips, rebooks in 9 and cancels in 6 (9, 21 and 13 before pipelining)', async () => {
    const booked = await postMessage(hub, bookingMessage(futureSlot(2)), barsHeaders());
    expect(booked.status).toBe(200);
    const id = resource(booked.body, 'Appointment').id as string;

    const update = await measure(updateMessage(id, futureSlot(2), (a) => (a.reasonCode = [{ text: 'counted' }])));
    expect(update.status).toBe(200);
    const rebook = await measure(updateMessage(id, futureSlot(3)));
    expect(rebook.status).toBe(200);
    // A rebook is a new appointment replacing the old one (BARS.md §2.3): cancel that one.
    const rebooked = resource(rebook.body, 'Appointment').id as string;
    const cancel = await measure(cancelMessage({ appointmentId: rebooked }));
    expect(cancel.status).toBe(200);
    const counts = { update: update.worker.length, rebook: rebook.worker.length, cancel: cancel.worker.length };
    process.stdout.write(`changes: worker round trips ${JSON.stringify(counts)}\n`);
    expect(counts.update).toBeLessThanOrEqual(6);
    expect(counts.rebook).toBeLessThanOrEqual(9);
    expect(counts.cancel).toBeLessThanOrEqual(6);
  });

  it('reads back the answers asked for in one turn in one statement, each caller its own record', async () => {
    const ids: string[] = [];
    for (const n of [0, 1]) {
      const res = await postMessage(hub, bookingMessage(futureSlot(3 + n)), barsHeaders());
      expect(res.status).toBe(200);
      ids.push(resource(res.body, 'Appointment').id as string);
    }
    const changed = await postMessage(
      hub,
      updateMessage(ids[0], futureSlot(3), (a) => (a.reasonCode = [{ text: 'second' }])),
      barsHeaders(),
    );
    expect(changed.status).toBe(200);
    const slotOf = async (id: string) =>
      (await hub.sql.query<{ slot_id: string }>('SELECT slot_id FROM appointment WHERE id = $1', [id])).rows[0].slot_id;
    const slots = [await slotOf(ids[0]), await slotOf(ids[1])];

    const reader = hub.api.get(WrittenReader);
    counter.reset();
    // Same appointment at two versions, another, and one that was never written: all in one turn.
    const [a1, a2, b1, none] = await Promise.all([
      reader.read({ appointment: { id: ids[0], versionId: 1 }, ids: {} }, [slots[0]]),
      reader.read({ appointment: { id: ids[0], versionId: 2 }, ids: {} }, [slots[0]]),
      reader.read({ appointment: { id: ids[1], versionId: 1 }, ids: {} }, [slots[1]]),
      reader.read({ appointment: { id: ids[1], versionId: 9 }, ids: {} }),
    ]);
    const reads = counter.flights().filter((f) => f.application === 'bars-hub-api');
    expect(reads.map((f) => f.statements)).toEqual([['hub_written_read_batch']]);

    expect(a1?.appointment.meta?.versionId).toBe('1');
    expect(a1?.appointment.reasonCode).not.toEqual([{ text: 'second' }]);
    expect(a2?.appointment).toEqual((await call(hub, 'GET', `/Appointment/${ids[0]}`)).body);
    expect(b1?.appointment).toEqual((await call(hub, 'GET', `/Appointment/${ids[1]}`)).body);
    expect(none).toBeUndefined();
    expect(a1?.slots.get(slots[0])).toEqual((await call(hub, 'GET', `/Slot/${slots[0]}`)).body);
    expect(b1?.slots.get(slots[1])?.id).toBe(slots[1]);
    expect([...(b1?.slots.keys() ?? [])]).toEqual([slots[1]]);
    // Parsed per caller: two answers showing one slot never share an object.
    expect(a1?.slots.get(slots[0])).not.toBe(a2?.slots.get(slots[0]));
  });

  it('inserts the messages accepted in one turn in one statement; a repeat or a row PostgreSQL refuses fails only itself', async () => {
    const inbox = hub.api.get(InboxService);
    const message = (requestId: string, body = '{}'): NewInboxMessage => ({
      requestId,
      correlationId: randomUUID(),
      bundleId: null,
      event: null,
      reason: null,
      jobName: 'appointment.book',
      targetService: null,
      sourceEndpoint: null,
      auditHeaders: {},
      body,
      digest: 'digest-of-a-test-message',
    });
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    counter.reset();
    // Two new messages and a repeat of the first, all in one turn.
    const [first, second, repeat] = await Promise.all([
      inbox.accept(message(ids[0])),
      inbox.accept(message(ids[1])),
      inbox.accept(message(ids[0])),
    ]);
    const inserts = counter
      .flights()
      .filter((f) => f.application === 'bars-hub-api' && f.statements.some((s) => s.startsWith('hub_inbox_accept')));
    expect(inserts.map((f) => f.statements)).toEqual([['hub_inbox_accept_3']]);
    expect(first.accepted && second.accepted).toBe(true);
    expect(repeat).toEqual({
      accepted: false,
      existing: expect.objectContaining({ id: first.accepted && first.message.id, requestId: ids[0] }),
    });
    // A retry of an insert under the id it used before finds that row: its own, told by the id.
    const own = first.accepted ? first.message.id : '';
    await expect(inbox.accept({ ...message(ids[0]), id: own })).resolves.toEqual({
      accepted: false,
      existing: expect.objectContaining({ id: own }),
    });

    // A NUL character is one thing PostgreSQL refuses in text: that caller fails, its neighbour is accepted,
    // after the batch of two was refused and each row was tried alone, one after the other.
    counter.reset();
    const [good, bad] = await Promise.allSettled([inbox.accept(message(ids[2])), inbox.accept(message(ids[3], 'a\u0000b'))]);
    const tries = counter
      .flights()
      .filter((f) => f.application === 'bars-hub-api' && f.statements.some((s) => s.startsWith('hub_inbox_accept')));
    expect(tries.map((f) => f.statements)).toEqual([['hub_inbox_accept_2'], ['hub_inbox_accept_1'], ['hub_inbox_accept_1']]);
    expect(good).toEqual({ status: 'fulfilled', value: expect.objectContaining({ accepted: true }) });
    expect(bad.status).toBe('rejected');
    const stored = await hub.sql.query<{ request_id: string }>('SELECT request_id FROM inbox_message WHERE request_id = ANY($1)', [ids]);
    expect(stored.rows.map((r) => r.request_id).sort()).toEqual([ids[0], ids[1], ids[2]].sort());
    // Never enqueued: gone before the re-drive would run them.
    for (const r of [first, second, good.status === 'fulfilled' ? good.value : undefined])
      if (r?.accepted) await inbox.forget(r.message.id);
  });
});
