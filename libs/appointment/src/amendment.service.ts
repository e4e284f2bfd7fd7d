import { RecError, nowInstant } from '@hub/fhir';
import type { AppointmentChange, InboundMessage, SlotRequest } from '@hub/message';
import type { Written } from '@hub/messaging';
import { PointerRecorder } from '@hub/pointers';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { createAppointment, writeVersion } from './appointment-store';
import { freeAppointmentSlots } from './direct/direct-store';
import type { MessageContext } from './booking.service';
import { checkClaimed, entryIds, touchedEntryIds } from './written-ids';
import { appointmentToChange } from './change-target';
import { changedElements } from './element-changes';
import type { AppointmentEntity } from './entities';
import { HostedServices } from './hosted-services.service';
import { storePatient } from './patient-store';
import { claimRequestedSlot, slotCandidates } from './slot-resolver';

/**
 * `booking-request` + `update` + `booked`. In the same slot it is an update, which may change only
 * `status` and `reasonCode`. Naming another slot makes it a rebook in one message: the old appointment
 * cancelled and its slot freed, a new one booked in the new slot, all or nothing.
 */
@Injectable()
export class AmendmentService {
  constructor(
    private readonly pointers: PointerRecorder,
    private readonly hosted: HostedServices,
  ) {}

  async amend(m: EntityManager, message: InboundMessage, change: AppointmentChange, ctx: MessageContext): Promise<Written> {
    const now = nowInstant();
    const row = await appointmentToChange(m, change, ctx.correlationId);
    const service = await this.hosted.destinationOf(message.destinationService, m);
    const booking = change.booking;
    if (!booking) throw RecError.notFound('The destination service is not hosted by this receiver');
    const sameSlot =
      booking.slot.hubId === row.slotId ||
      (await slotCandidates(m, service.id, booking.slot)).some((candidate) => candidate.id === row.slotId);
    return sameSlot
      ? this.update(m, message, change, booking, row, ctx, now)
      : this.rebook(m, message, change, booking, row, service.id, ctx, now);
  }

  private async update(
    m: EntityManager,
    message: InboundMessage,
    change: AppointmentChange,
    booking: SlotRequest,
    row: AppointmentEntity,
    ctx: MessageContext,
    now: string,
  ): Promise<Written> {
    const changed = changedElements(row.resource, message.appointment);
    if (changed.length > 0) {
      throw RecError.unprocessable(
        'processing',
        `An update may change only Appointment.status and Appointment.reasonCode; it also changes ${changed.join(', ')} (rebook to change more)`,
      );
    }
    const resource = { ...row.resource, reasonCode: change.reasonCode };
    const written = await writeVersion(m, row, { status: 'booked', resource }, ctx.inboxId, now, this.pointers);
    const ids = touchedEntryIds(message, { [row.slotId]: 'Slot', [row.patientId]: 'Patient' });
    if (change.patientFullUrl) ids[change.patientFullUrl] = row.patientId;
    if (booking.slotFullUrl) ids[booking.slotFullUrl] = row.slotId;
    return { appointment: { id: row.id, versionId: written.versionId }, ids };
  }

  private async rebook(
    m: EntityManager,
    message: InboundMessage,
    change: AppointmentChange,
    booking: SlotRequest,
    row: AppointmentEntity,
    serviceId: string,
    ctx: MessageContext,
    now: string,
  ): Promise<Written> {
    const slot = await claimRequestedSlot(m, serviceId, booking.slot, now);
    checkClaimed(booking, slot, now);
    // The new appointment's pointer supersedes this one's (below, in createAppointment).
    await writeVersion(
      m,
      row,
      { status: 'cancelled', resource: row.resource, keepPointerForRebook: true },
      ctx.inboxId,
      now,
      this.pointers,
    );
    await freeAppointmentSlots(m, row, now);
    const patient = message.index.resolve(change.patientFullUrl, 'Patient', message.appointmentFullUrl);
    const patientId = patient ? await storePatient(m, patient, change.nhsNumber, now) : row.patientId;
    const { id: _oldId, ...sent } = message.appointment;
    const appointmentId = await createAppointment(
      m,
      {
        sent,
        slot,
        patientId,
        patientReference: change.patientReference,
        serviceId,
        correlationId: ctx.correlationId,
        inboxId: ctx.inboxId,
        replacesId: row.id,
        // A patient sent in the message was just stored under its NHS number; otherwise the pointer reads it.
        pointerFacts: patient ? { nhsNumber: change.nhsNumber ?? null, dosId: message.destinationService } : undefined,
        now,
      },
      this.pointers,
    );
    const touched = touchedEntryIds(message, { [slot.id]: 'Slot', [row.slotId]: 'Slot', [patientId]: 'Patient' });
    return {
      appointment: { id: appointmentId, versionId: 1 },
      ids: { ...touched, ...entryIds(booking, slot, change.patientFullUrl, patientId) },
    };
  }
}
