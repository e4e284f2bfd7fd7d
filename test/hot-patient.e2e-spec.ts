import { Client } from 'pg';
import { UPSERT_IF_CHANGED } from '../libs/appointment/src/patient-store';
import { startHub, type Hub } from './support/hub';
import { postMessage, publish } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, resource } from './support/messages';

/**
 * A booking for a patient the hub already holds, unchanged, must not lock that patient's row: otherwise
 * every booking for one patient waits for the previous one to commit (issue #18, "a hot patient costs
 * nothing"). A changed patient is still written.
 */
describe('a patient booked again', () => {
  let hub: Hub;
  const clients: Client[] = [];
  const client = async (): Promise<Client> => {
    const c = new Client({ connectionString: hub.env.DATABASE_URL });
    await c.connect();
    clients.push(c);
    return c;
  };
  const patientRow = async (nhs: string) =>
    (await hub.sql.query('SELECT id, resource, last_updated FROM patient WHERE nhs_number = $1', [nhs])).rows[0];

  beforeAll(async () => {
    hub = await startHub();
    expect((await publish(hub, availability([0, 1, 2].map(futureSlot)))).status).toBe(200);
  });
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    await hub?.stop();
  });

  it('keeps an unchanged patient as it was, and writes a changed one', async () => {
    const first = bookingMessage(futureSlot(0));
    const nhs = resource(first, 'Patient').identifier[0].value as string;
    expect((await postMessage(hub, first, barsHeaders())).status).toBe(200);
    const before = await patientRow(nhs);

    const again = await postMessage(hub, bookingMessage(futureSlot(1)), barsHeaders());
    expect(again.status).toBe(200);
    expect(again.body.resourceType).toBe('Bundle');
    expect(await patientRow(nhs)).toEqual(before);

    const changed = bookingMessage(futureSlot(2));
    resource(changed, 'Patient').name[0].family = 'Renamed';
    expect((await postMessage(hub, changed, barsHeaders())).status).toBe(200);
    const after = await patientRow(nhs);
    expect(after.id).toBe(before.id);
    expect(JSON.parse(after.resource).name[0].family).toBe('Renamed');
    expect(after.last_updated).not.toBe(before.last_updated);
  });

  it('does not lock the row of a patient it does not change, and locks one it changes', async () => {
    const { rows } = await hub.sql.query(`SELECT id, nhs_number, resource FROM patient WHERE nhs_number IS NOT NULL LIMIT 1`);
    const stored = rows[0];
    const booking = await client();
    const other = await client();
    const upsert = (resourceJson: string) =>
      booking.query({
        name: UPSERT_IF_CHANGED.name,
        text: UPSERT_IF_CHANGED.text,
        values: ['00000000-0000-4000-8000-000000000001', stored.nhs_number, resourceJson, new Date().toISOString(), null, null, null],
      });
    const tryLock = () => other.query('SELECT id FROM patient WHERE id = $1 FOR UPDATE NOWAIT', [stored.id]);

    // The same patient, sent again: only meta.lastUpdated differs. Inside an open transaction, as a booking.
    const same = JSON.parse(stored.resource);
    same.meta = { ...same.meta, lastUpdated: '2030-01-01T00:00:00.000Z' };
    await booking.query('BEGIN');
    expect((await upsert(JSON.stringify(same))).rows).toEqual([{ id: stored.id }]);
    await other.query('BEGIN');
    expect((await tryLock()).rows).toEqual([{ id: stored.id }]); // free: another booking would not wait
    await other.query('ROLLBACK');
    await booking.query('ROLLBACK');

    // A changed patient is written, so its row is held until the booking commits.
    await booking.query('BEGIN');
    expect((await upsert(JSON.stringify({ ...same, gender: 'unknown' }))).rows).toEqual([{ id: stored.id }]);
    await other.query('BEGIN');
    await expect(tryLock()).rejects.toMatchObject({ code: '55P03' }); // lock_not_available
    await other.query('ROLLBACK');
    await booking.query('ROLLBACK');
  });
});
