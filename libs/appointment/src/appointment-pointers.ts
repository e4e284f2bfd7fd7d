import type { PointerRecorder } from '@hub/pointers';
import type { EntityManager } from 'typeorm';
import { HealthcareServiceEntity, PatientEntity, type AppointmentEntity, type AppointmentStatus } from './entities';

/**
 * The bridge from the appointment book to the pointer registry (BARS.md §5.2), called by the two functions
 * every appointment write goes through, in their transaction. The pointer library gets plain data only.
 */

/** What a new pointer says about its appointment beyond the appointment row. */
export interface PointerFacts {
  nhsNumber: string | null;
  dosId: string;
}

/** A new appointment (a booking, or the new half of a rebook when `replacesId` is set). */
export async function pointerForNewAppointment(
  m: EntityManager,
  pointers: PointerRecorder,
  a: Pick<AppointmentEntity, 'id' | 'patientId' | 'serviceId' | 'correlationId' | 'inboxId' | 'startAt' | 'endAt' | 'replacesId'>,
  now: string,
  known?: PointerFacts,
): Promise<void> {
  const facts = known ?? (await readFacts(m, a));
  await pointers.booked(m, {
    appointmentId: a.id,
    correlationId: a.correlationId,
    inboxId: a.inboxId,
    now,
    nhsNumber: facts.nhsNumber,
    dosId: facts.dosId,
    start: a.startAt,
    end: a.endAt,
    replacesAppointmentId: a.replacesId,
  });
}

async function readFacts(m: EntityManager, a: Pick<AppointmentEntity, 'id' | 'patientId' | 'serviceId'>): Promise<PointerFacts> {
  const patient = await m.getRepository(PatientEntity).findOne({ where: { id: a.patientId }, select: { nhsNumber: true } });
  const service = await m.getRepository(HealthcareServiceEntity).findOne({ where: { id: a.serviceId }, select: { dosId: true } });
  if (!service) throw new Error(`service ${a.serviceId} of appointment ${a.id} vanished`);
  return { nhsNumber: patient?.nhsNumber ?? null, dosId: service.dosId };
}

export interface VersionChange {
  status: AppointmentStatus;
  startAt: string;
  endAt: string;
  inboxId: string | null;
  /** The cancellation is the first half of a one-message rebook: the new pointer supersedes this one. */
  keepPointerForRebook: boolean;
}

/**
 * A later version: a cancellation removes the pointer, a move to another time updates its period, and
 * anything else (status `booked` again, `reasonCode`) leaves it alone.
 */
export async function pointerForNewVersion(
  m: EntityManager,
  pointers: PointerRecorder,
  before: AppointmentEntity,
  after: VersionChange,
  now: string,
): Promise<void> {
  const event = { appointmentId: before.id, correlationId: before.correlationId, inboxId: after.inboxId, now };
  if (before.status === 'booked' && after.status !== 'booked') {
    if (!after.keepPointerForRebook) await pointers.cancelled(m, event);
    return;
  }
  if (after.status === 'booked' && (after.startAt !== before.startAt || after.endAt !== before.endAt)) {
    await pointers.moved(m, { ...event, start: after.startAt, end: after.endAt });
  }
}
