import { RecError, nowInstant } from '@hub/fhir';
import { refusePastSlot } from '@hub/message';
import { PointerRecorder } from '@hub/pointers';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertBooked, writeVersion } from './appointment-store';
import { freeAppointmentSlots } from './direct/direct-store';
import { AppointmentEntity, SlotEntity } from './entities';
import { claimSlot } from './slot-resolver';

export interface RescheduleRequest {
  appointmentId: string;
  /** The hub id of the slot to move to (a reschedule names slots the sender found through the hub). */
  slotId: string;
  /** From `If-Match`: the version the sender read; a stale one is a conflict. */
  expectedVersion?: number;
  inboxId: string;
}

/**
 * Reschedule (Appointment Management Foundation, BARS.md §3 PATCH): the same appointment moves to
 * another slot of its service. The new slot is claimed before the old one is freed, in one transaction,
 * so a taken slot leaves everything as it was.
 */
@Injectable()
export class RescheduleService {
  constructor(private readonly pointers: PointerRecorder) {}

  async reschedule(m: EntityManager, r: RescheduleRequest): Promise<AppointmentEntity> {
    const now = nowInstant();
    const row = await m.getRepository(AppointmentEntity).findOne({ where: { id: r.appointmentId } });
    if (!row) throw RecError.notFound('No appointment with this id');
    if (r.expectedVersion !== undefined && r.expectedVersion !== row.versionId) {
      throw RecError.conflict('The appointment has changed since the version named in If-Match; read it again');
    }
    assertBooked(row);
    if (r.slotId === row.slotId) return row;
    const slot = await m.getRepository(SlotEntity).findOne({ where: { id: r.slotId, serviceId: row.serviceId } });
    if (!slot) throw RecError.conflict("The requested Slot is not published by the appointment's service");
    refusePastSlot(slot.startAt, now);
    if (!(await claimSlot(m, slot.id, now))) throw RecError.conflict('The requested Slot is not free: it has been booked or withdrawn');
    const resource = { ...row.resource, start: slot.startAt, end: slot.endAt, slot: [{ reference: `Slot/${slot.id}` }] };
    const next = await writeVersion(m, row, { status: 'booked', resource, slot }, r.inboxId, now, this.pointers);
    await freeAppointmentSlots(m, row, now);
    return next;
  }
}
