import { updateMessage } from './support/changes';
import { GPC_ASID, spineOf } from './support/gpconnect';
import { bookBody, cancelBody, gpcAvailability, gpcBook, gpcCancel, gpcRead, publishedLocation } from './support/gpc-appointments';
import { startHub, type Hub } from './support/hub';
import { postMessage, publish, recOf } from './support/http';
import { barsHeaders, bookingMessage, futureSlot, resource } from './support/messages';

/** One slot, one booking, whichever surface asks (issue #17), under real concurrency. */
describe('GP Connect and BaRS racing for the same appointment book', () => {
  let hub: Hub;
  let patientId: string;
  let location: string;
  const slotIds: string[] = [];

  beforeAll(async () => {
    hub = await startHub({ workers: 2, replyTimeoutMs: 30_000, env: { GPC_ASID } });
    expect((await publish(hub, gpcAvailability(Array.from({ length: 40 }, (_, i) => futureSlot(i))))).status).toBe(200);
    location = await publishedLocation(hub);
    for (let i = 0; i < 40; i++)
      slotIds.push((await hub.sql.query('SELECT id FROM slot WHERE start_at = $1', [futureSlot(i).start])).rows[0].id);
    const bars = await postMessage(hub, bookingMessage(futureSlot(39)), barsHeaders());
    expect(bars.status).toBe(200);
    const id = resource(bars.body, 'Appointment').id;
    patientId = (await hub.sql.query('SELECT patient_id FROM appointment WHERE id = $1', [id])).rows[0].patient_id;
  });
  afterAll(() => hub?.stop());

  it('50 GP Connect bookings and 50 BaRS messages for the same 10 slots at once: exactly 10 bookings', async () => {
    const gpc = Array.from({ length: 50 }, (_, i) =>
      gpcBook(hub, bookBody([{ id: slotIds[i % 10], ...futureSlot(i % 10) }], patientId, location)),
    );
    const bars = Array.from({ length: 50 }, (_, i) => postMessage(hub, bookingMessage(futureSlot(i % 10)), barsHeaders()));
    const [g, b] = await Promise.all([Promise.all(gpc), Promise.all(bars)]);
    const won = g.filter((a) => a.status === 201).length + b.filter((a) => a.status === 200).length;
    expect(won).toBe(10);
    for (const a of g.filter((x) => x.status !== 201)) expect(spineOf(a)).toMatchObject({ status: 409, code: 'DUPLICATE_REJECTED' });
    for (const a of b.filter((x) => x.status !== 200)) expect(recOf(a)).toMatchObject({ code: 'REC_CONFLICT' });
    const db = (
      await hub.sql.query(`SELECT count(*) n, count(DISTINCT slot_id) s FROM appointment WHERE status = 'booked' AND slot_id = ANY($1)`, [
        slotIds.slice(0, 10),
      ])
    ).rows[0];
    expect(db).toEqual({ n: '10', s: '10' });
    const busy = (await hub.sql.query(`SELECT count(*) n FROM slot WHERE status = 'busy' AND id = ANY($1)`, [slotIds.slice(0, 10)])).rows[0]
      .n;
    expect(busy).toBe('10');
  });

  it('a GP Connect cancel racing a BaRS rebook of one appointment ends in one of the serial orders', async () => {
    for (let round = 0; round < 5; round++) {
      const [from, to] = [10 + round * 2, 11 + round * 2];
      const booked = await postMessage(hub, bookingMessage(futureSlot(from)), barsHeaders());
      expect(booked.status).toBe(200);
      const id = resource(booked.body, 'Appointment').id;
      const read = await gpcRead(hub, id);
      expect(read.status).toBe(200);
      const [cancel, rebook] = await Promise.all([
        gpcCancel(hub, id, cancelBody(read.body)),
        postMessage(hub, updateMessage(id, futureSlot(to)), barsHeaders()),
      ]);
      expect(cancel.status === 200 && rebook.status === 200).toBe(false);
      const status = (await hub.sql.query('SELECT status FROM appointment WHERE id = $1', [id])).rows[0].status;
      expect(status).toBe('cancelled');
      const replacement = (await hub.sql.query(`SELECT count(*) n FROM appointment WHERE replaces_id = $1 AND status = 'booked'`, [id]))
        .rows[0].n;
      const slot = async (i: number): Promise<string> =>
        (await hub.sql.query('SELECT status FROM slot WHERE id = $1', [slotIds[i]])).rows[0].status;
      if (cancel.status === 200) {
        // Cancel first: the rebook found nothing booked to move.
        expect(recOf(rebook)).toMatchObject({ code: 'REC_CONFLICT' });
        expect(replacement).toBe('0');
        expect([await slot(from), await slot(to)]).toEqual(['free', 'free']);
      } else {
        // Rebook first: the cancel was made against a version that is no longer current.
        expect(rebook.status).toBe(200);
        expect([409, 422]).toContain(cancel.status);
        expect(replacement).toBe('1');
        expect([await slot(from), await slot(to)]).toEqual(['free', 'busy']);
      }
      const versions = (await hub.sql.query('SELECT count(*) n FROM appointment_version WHERE appointment_id = $1', [id])).rows[0].n;
      expect(versions).toBe('2');
    }
  });
});
