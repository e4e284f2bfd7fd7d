import { RecError, type Appointment } from '@hub/fhir';
import type { PointerRecorder } from '@hub/pointers';
import { Sql, deferSql, runSql } from '@hub/persistence';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { pointerForNewAppointment, pointerForNewVersion, type PointerFacts } from './appointment-pointers';
import { ConcurrentChangeError } from './concurrent-change.error';
import { AppointmentEntity, type AppointmentStatus } from './entities';
import type { ClaimedSlot } from './slot-resolver';

/** Which stored appointment a change message means. */
export interface AppointmentTarget {
  appointmentId: string | undefined;
  unknownId: boolean;
}

/**
 * Finds the appointment a change is about: by the hub's `Appointment.id`; without one (the IG's cancel
 * example sends none) by the conversation, i.e. the appointment booked under the same X-Correlation-Id.
 */
export async function locateAppointment(m: EntityManager, target: AppointmentTarget, correlationId: string): Promise<AppointmentEntity> {
  const repo = m.getRepository(AppointmentEntity);
  if (target.unknownId) throw RecError.notFound('Appointment.id does not name an appointment of this receiver');
  if (target.appointmentId !== undefined) {
    const row = await repo.findOne({ where: { id: target.appointmentId } });
    if (!row) throw RecError.notFound('No appointment with this Appointment.id');
    return row;
  }
  const rows = await repo.find({ where: { correlationId }, order: { created: 'DESC' }, take: 20 });
  if (rows.length === 0)
    throw RecError.notFound('Appointment.id is absent and no appointment was booked in this conversation (X-Correlation-Id)');
  const booked = rows.filter((r) => r.status === 'booked');
  if (booked.length > 1) throw RecError.conflict('Several appointments are booked in this conversation: name one by Appointment.id');
  return booked[0] ?? rows[0];
}

/** BaRS "Data conflicts": local data updated after the incoming change was made → 409 `conflict`. */
export function assertNotStale(row: AppointmentEntity, messageLastUpdated: string): void {
  if (row.lastUpdated > messageLastUpdated) {
    throw RecError.conflict('The appointment has been updated since this change was made (Appointment.meta.lastUpdated); read it again');
  }
}

export function assertBooked(row: AppointmentEntity): void {
  if (row.status !== 'booked') throw RecError.conflict(`The appointment is not currently booked (it is ${row.status})`);
}

export interface NextVersion {
  status: AppointmentStatus;
  resource: Appointment;
  slot?: ClaimedSlot;
  /**
   * Set on the cancellation half of a one-message rebook: the new appointment's pointer supersedes this
   * one's (BARS.md §5.2), so the pointer is not removed here.
   */
  keepPointerForRebook?: boolean;
}

/**
 * Writes the next version of an appointment: the current row (only if nobody changed it since it was
 * read), a new history row, and the pointer change it causes (outbox). The conditional UPDATE is the
 * optimistic lock; losing it raises {@link ConcurrentChangeError} and the whole message is processed again.
 */
export async function writeVersion(
  m: EntityManager,
  row: AppointmentEntity,
  next: NextVersion,
  inboxId: string,
  now: string,
  pointers: PointerRecorder,
): Promise<AppointmentEntity> {
  const versionId = row.versionId + 1;
  const resource: Appointment = {
    ...next.resource,
    id: row.id,
    meta: { ...next.resource.meta, versionId: String(versionId), lastUpdated: now },
    status: next.status,
  };
  const slot = next.slot;
  const changes = {
    status: next.status,
    versionId,
    resource,
    lastUpdated: now,
    ...(slot ? { slotId: slot.id, startAt: slot.startAt, endAt: slot.endAt } : {}),
  };
  const result = await m
    .createQueryBuilder()
    .update(AppointmentEntity)
    .set(changes)
    .where('id = :id AND version_id = :v', { id: row.id, v: row.versionId })
    .execute();
  if (result.affected !== 1) throw new ConcurrentChangeError(row.id);
  await insertVersion(m, row.id, versionId, next.status, inboxId, JSON.stringify(resource), now);
  const written = { ...row, ...changes };
  await pointerForNewVersion(m, pointers, row, { ...written, inboxId, keepPointerForRebook: next.keepPointerForRebook === true }, now);
  return written;
}

export interface NewAppointment {
  sent: Appointment;
  slot: ClaimedSlot;
  patientId: string;
  /** The participant's actor reference to the patient, as sent: it becomes `Patient/<hub id>`. */
  patientReference: string | undefined;
  serviceId: string;
  correlationId: string;
  inboxId: string;
  /**
   * The appointment this one replaces: the cancelled half of a one-message rebook, or for a booking the
   * appointment cancelled earlier in its conversation ({@link replacedInConversation}).
   */
  replacesId: string | null;
  /** What the new pointer needs, when the caller already knows it (saves reading it back). */
  pointerFacts?: PointerFacts;
  /** Further slots the appointment holds after `slot` (a multi-slot booking), in order. */
  extraSlotIds?: readonly string[];
  now: string;
}

/**
 * Stores a new appointment (version 1) in a slot already claimed, and its pointer (outbox). References
 * become the hub's.
 */
export async function createAppointment(m: EntityManager, p: NewAppointment, pointers: PointerRecorder): Promise<string> {
  const id = randomUUID();
  const resource: Appointment = {
    ...p.sent,
    id,
    meta: { ...p.sent.meta, versionId: '1', lastUpdated: p.now },
    status: 'booked',
    // The booked slot is the truth about when the appointment is.
    start: p.slot.startAt,
    end: p.slot.endAt,
    created: p.now,
    slot: [p.slot.id, ...(p.extraSlotIds ?? [])].map((slotId) => ({ reference: `Slot/${slotId}` })),
    participant: p.sent.participant.map((part) =>
      part.actor?.reference !== undefined && part.actor.reference === p.patientReference
        ? { ...part, actor: { ...part.actor, reference: `Patient/${p.patientId}` } }
        : part,
    ),
  };
  // One text for both rows: they hold the same resource.
  const json = JSON.stringify(resource);
  // Nothing of the insert's answer is needed: in a pipelined transaction it travels with the next statement.
  await deferSql(m, INSERT_APPOINTMENT, [
    id,
    p.slot.id,
    p.patientId,
    p.serviceId,
    p.correlationId,
    p.inboxId,
    p.replacesId,
    p.slot.startAt,
    p.slot.endAt,
    p.now,
    json,
  ]);
  await insertVersion(m, id, 1, 'booked', p.inboxId, json, p.now);
  const row = {
    id,
    patientId: p.patientId,
    serviceId: p.serviceId,
    correlationId: p.correlationId,
    inboxId: p.inboxId,
    replacesId: p.replacesId,
    startAt: p.slot.startAt,
    endAt: p.slot.endAt,
  };
  await pointerForNewAppointment(m, pointers, row, p.now, p.pointerFacts);
  return id;
}

export const INSERT_APPOINTMENT = new Sql(
  'hub_appointment_insert',
  `INSERT INTO appointment (id, version_id, status, slot_id, patient_id, service_id, correlation_id, inbox_id, replaces_id,
     start_at, end_at, created, last_updated, resource)
   VALUES ($1, 1, 'booked', $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)`,
);

/**
 * The appointment a new booking in conversation `$1` (X-Correlation-Id) replaces: the latest one cancelled
 * in it that no other booking has replaced yet (BARS.md §2.3: a rebook is a cancel, then a new booking in
 * the same conversation). The booking reads it beside its slot claim, so the insert needs no answer.
 */
export const REPLACED_IN_CONVERSATION = new Sql(
  'hub_appointment_replaced_in_conversation',
  `SELECT c.id FROM (
       SELECT id FROM appointment WHERE correlation_id = $1 AND status IN ('cancelled', 'entered-in-error')
       ORDER BY last_updated DESC LIMIT 1) c
   WHERE NOT EXISTS (SELECT 1 FROM appointment r WHERE r.replaces_id = c.id)`,
);

/** See {@link REPLACED_IN_CONVERSATION}. */
export async function replacedInConversation(m: EntityManager, correlationId: string): Promise<string | null> {
  return (await runSql<{ id: string }>(m, REPLACED_IN_CONVERSATION, [correlationId])).rows[0]?.id ?? null;
}

export const INSERT_VERSION = new Sql(
  'hub_appointment_version_insert',
  `INSERT INTO appointment_version (appointment_id, version_id, status, inbox_id, resource, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)`,
);

/** BaRS: every version is kept, the current one included. */
async function insertVersion(
  m: EntityManager,
  appointmentId: string,
  versionId: number,
  status: AppointmentStatus,
  inboxId: string | null,
  resourceJson: string,
  now: string,
): Promise<void> {
  await deferSql(m, INSERT_VERSION, [appointmentId, versionId, status, inboxId, resourceJson, now]);
}

/** Frees the slot an appointment held. Conditional, like the claim: only a busy slot becomes free. */
export async function freeSlot(m: EntityManager, slotId: string, now: string): Promise<void> {
  await deferSql(m, FREE_SLOT, [slotId, now]);
}

const FREE_SLOT = new Sql(
  'hub_slot_free',
  `UPDATE slot SET status = 'free', version = version + 1, last_updated = $2 WHERE id = $1 AND status = 'busy'`,
);
