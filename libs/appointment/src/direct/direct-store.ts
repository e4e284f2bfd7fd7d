import { Sql, deferSql, runSql } from '@hub/persistence';
import type { EntityManager } from 'typeorm';
import { freeSlot } from '../appointment-store';
import type { BookingOrganisation } from './direct-command';

/**
 * The two facts a slot-based booking adds to an appointment row (migration DirectBooking1763805000000):
 * its booking organisation and the slots it holds beyond `appointment.slot_id`.
 */

export async function storeBookingOrganisation(
  m: EntityManager,
  appointmentId: string,
  org: BookingOrganisation,
  now: string,
): Promise<void> {
  await runSql(m, INSERT_ORG, [appointmentId, org.odsCode.slice(0, 16), JSON.stringify(org), now]);
}

export async function storeExtraSlots(m: EntityManager, appointmentId: string, slotIds: readonly string[]): Promise<void> {
  for (const [i, slotId] of slotIds.entries()) await runSql(m, INSERT_EXTRA, [appointmentId, slotId, i + 1]);
}

/**
 * Frees every slot an appointment holds: its own (`slot_id`) and, for a multi-slot booking, the others,
 * which it then no longer holds. Conditional like every slot change: only a busy slot becomes free. Every
 * path that cancels or moves an appointment calls this instead of freeing `slot_id` alone.
 */
export async function freeAppointmentSlots(m: EntityManager, row: { id: string; slotId: string }, now: string): Promise<void> {
  // PostgreSQL: one statement whose answer nobody reads (it travels with the next one, see deferSql).
  // SQLite has no DELETE inside WITH: the same in three steps.
  if (m.connection.options.type === 'postgres') return deferSql(m, FREE_ALL_SLOTS, [row.id, row.slotId, now]);
  await freeSlot(m, row.slotId, now);
  const { rows } = await runSql<{ slot_id: string }>(m, DELETE_EXTRA, [row.id]);
  for (const r of rows) await freeSlot(m, r.slot_id, now);
}

const INSERT_ORG = new Sql(
  'hub_booking_org_insert',
  `INSERT INTO appointment_booking_organisation (appointment_id, ods_code, resource, recorded_at) VALUES ($1, $2, $3, $4)`,
);
const INSERT_EXTRA = new Sql(
  'hub_extra_slot_insert',
  `INSERT INTO appointment_extra_slot (appointment_id, slot_id, position) VALUES ($1, $2, $3)`,
);
const DELETE_EXTRA = new Sql('hub_extra_slot_release', `DELETE FROM appointment_extra_slot WHERE appointment_id = $1 RETURNING slot_id`);
const FREE_ALL_SLOTS = new Sql(
  'hub_slots_free_all',
  `WITH extra AS (DELETE FROM appointment_extra_slot WHERE appointment_id = $1 RETURNING slot_id)
   UPDATE slot SET status = 'free', version = version + 1, last_updated = $3
   WHERE (id = $2 OR id IN (SELECT slot_id FROM extra)) AND status = 'busy'`,
);
