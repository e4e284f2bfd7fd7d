import { cancelMessage, updateMessage } from './support/changes';
import { startHub, type Hub } from './support/hub';
import { postMessage, publish, recOf } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, resource } from './support/messages';

describe('races, with real concurrency', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ workers: 2 });
    expect((await publish(hub, availability(Array.from({ length: 40 }, (_, i) => futureSlot(i))))).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  it('200 concurrent bookings for 20 slots: exactly 20 succeed, 180 get 409 conflict, and the database agrees', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => postMessage(hub, bookingMessage(futureSlot(i % 20)), barsHeaders())),
    );
    const ok = answers.filter((a) => a.status === 200);
    expect(ok).toHaveLength(20);
    expect(answers.filter((a) => a.status === 409 && recOf(a).issue === 'conflict')).toHaveLength(180);
    const slots = new Set(ok.map((a) => resource(a.body, 'Slot').id));
    expect(slots.size).toBe(20);
    const db = (await hub.sql.query(`SELECT count(*) n, count(DISTINCT slot_id) s FROM appointment WHERE status = 'booked'`)).rows[0];
    expect(db).toEqual({ n: '20', s: '20' });
    const busy = (await hub.sql.query(`SELECT count(*) n FROM slot WHERE status = 'busy'`)).rows[0].n;
    expect(busy).toBe('20');
  });

  it('a cancel, an update and a rebook of one appointment at once end as one of the serial outcomes', async () => {
    for (let round = 0; round < 5; round++) {
      const time = futureSlot(20 + round * 2);
      const headers = barsHeaders();
      const booked = await postMessage(hub, bookingMessage(time), headers);
      expect(booked.status).toBe(200);
      const id = resource(booked.body, 'Appointment').id;
      const reasonCode = [{ text: `round ${round}` }];
      const [cancel, update, rebook] = await Promise.all([
        postMessage(hub, cancelMessage({ appointmentId: id }), barsHeaders()),
        postMessage(
          hub,
          updateMessage(id, time, (a) => (a.reasonCode = reasonCode)),
          barsHeaders(),
        ),
        postMessage(hub, updateMessage(id, futureSlot(21 + round * 2)), barsHeaders()),
      ]);
      const versions = (
        await hub.sql.query('SELECT status FROM appointment_version WHERE appointment_id = $1 ORDER BY version_id', [id])
      ).rows.map((r) => r.status);
      const oks = [cancel, update, rebook].filter((a) => a.status === 200).length;
      // Every 200 is one new version of the original (the rebook's cancellation included); the rest were refused.
      expect(versions).toHaveLength(1 + oks);
      expect(versions[versions.length - 1]).toBe(cancel.status === 200 || rebook.status === 200 ? 'cancelled' : 'booked');
      expect(cancel.status === 200 && rebook.status === 200).toBe(false);
      for (const a of [cancel, update, rebook].filter((x) => x.status !== 200)) expect(recOf(a)).toMatchObject({ code: 'REC_CONFLICT' });
      const replacements = (await hub.sql.query(`SELECT count(*) n FROM appointment WHERE replaces_id = $1 AND status = 'booked'`, [id]))
        .rows[0].n;
      expect(replacements).toBe(rebook.status === 200 ? '1' : '0');
      const busy = (
        await hub.sql.query(`SELECT count(*) n FROM slot WHERE status = 'busy' AND start_at IN ($1, $2)`, [
          time.start,
          futureSlot(21 + round * 2).start,
        ])
      ).rows[0].n;
      expect(busy).toBe(cancel.status === 200 ? '0' : '1');
    }
  });
});
