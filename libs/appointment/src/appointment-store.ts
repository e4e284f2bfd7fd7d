import { RecError, type Appointment } from '@hub/fhir';
import type { PointerRecorder } from '@hub/pointers';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { pointerForNewAppointment, pointerForNewVersion } from './appointment-pointers';
import { ConcurrentChangeError } from './concurrent-change.error';
import { AppointmentEntity, AppointmentVersionEntity, SlotEntity, type AppointmentStatus } from './entities';

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
  slot?: SlotEntity;
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
  await m
    .getRepository(AppointmentVersionEntity)
    .insert({ appointmentId: row.id, versionId, status: next.status, inboxId, resource, recordedAt: now });
  const written = { ...row, ...changes };
  await pointerForNewVersion(m, pointers, row, { ...written, inboxId, keepPointerForRebook: next.keepPointerForRebook === true }, now);
  return written;
}

export interface NewAppointment {
  sent: Appointment;
  slot: SlotEntity;
  patientId: string;
  patientFullUrl: string | undefined;
  serviceId: string;
  correlationId: string;
  inboxId: string;
  replacesId: string | null;
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
    slot: [{ reference: `Slot/${p.slot.id}` }],
    participant: p.sent.participant.map((part) =>
      part.actor?.reference !== undefined && part.actor.reference === p.patientFullUrl
        ? { ...part, actor: { ...part.actor, reference: `Patient/${p.patientId}` } }
        : part,
    ),
  };
  const row = {
    id,
    versionId: 1,
    status: 'booked' as const,
    slotId: p.slot.id,
    patientId: p.patientId,
    serviceId: p.serviceId,
    correlationId: p.correlationId,
    inboxId: p.inboxId,
    replacesId: p.replacesId,
    startAt: p.slot.startAt,
    endAt: p.slot.endAt,
    created: p.now,
    lastUpdated: p.now,
    resource,
  };
  await m.getRepository(AppointmentEntity).insert(row);
  await m
    .getRepository(AppointmentVersionEntity)
    .insert({ appointmentId: id, versionId: 1, status: 'booked', inboxId: p.inboxId, resource, recordedAt: p.now });
  await pointerForNewAppointment(m, pointers, row, p.now);
  return id;
}

/** Frees the slot an appointment held. Conditional, like the claim: only a busy slot becomes free. */
export async function freeSlot(m: EntityManager, slotId: string, now: string): Promise<void> {
  await m
    .createQueryBuilder()
    .update(SlotEntity)
    .set({ status: 'free', version: () => 'version + 1', lastUpdated: now })
    .where('id = :slotId AND status = :busy', { slotId, busy: 'busy' })
    .execute();
}
