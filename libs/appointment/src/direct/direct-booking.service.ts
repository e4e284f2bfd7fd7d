import type { Written } from '@hub/messaging';
import { nowInstant, type Appointment } from '@hub/fhir';
import { PointerRecorder } from '@hub/pointers';
import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { createAppointment, writeVersion } from '../appointment-store';
import type { MessageContext } from '../booking.service';
import { AppointmentEntity, LocationEntity, PatientEntity, ScheduleEntity, SlotEntity } from '../entities';
import { claimSlot } from '../slot-resolver';
import type { AmendTextCommand, BookSlotsCommand, CancelWithReasonCommand, DirectCommand, VersionGuard } from './direct-command';
import { freeAppointmentSlots, storeBookingOrganisation, storeExtraSlots } from './direct-store';
import { Refusal } from './refusal';

/** What a slot-based write left stored: the appointment and its version, for the answer read back. */
/** What a slot-based write wrote: the one answer type every write returns (ids only; read back by the api). */
export type DirectResult = Written;

/**
 * Slot-based writes (the GP Connect surface's book, amend and cancel, GPCONNECT.md §3.2, §3.4, §3.5),
 * run by the worker inside the caller's transaction. Version-neutral: commands name hub ids and instants;
 * the appointment is stored as every other one is (same row, versions and pointer registry).
 */
@Injectable()
export class DirectBookingService {
  constructor(private readonly pointers: PointerRecorder) {}

  run(m: EntityManager, command: DirectCommand, ctx: MessageContext): Promise<DirectResult> {
    switch (command.kind) {
      case 'book-slots':
        return this.book(m, command, ctx);
      case 'amend-text':
        return this.amend(m, command, ctx);
      case 'cancel-with-reason':
        return this.cancel(m, command, ctx);
    }
  }

  private async book(m: EntityManager, c: BookSlotsCommand, ctx: MessageContext): Promise<DirectResult> {
    const now = nowInstant();
    if (c.slotIds.length === 0) throw new Refusal('invalid', 'The appointment names no slot');
    if (new Set(c.slotIds).size !== c.slotIds.length) throw new Refusal('invalid', 'The appointment names a slot twice');
    const found = await m.getRepository(SlotEntity).find({ where: { id: In(c.slotIds) } });
    const slots = c.slotIds.map((id) => found.find((s) => s.id === id));
    if (slots.some((s) => s === undefined))
      throw new Refusal('unknown-reference', 'Appointment.slot names a slot this provider does not publish');
    const ordered = (slots as SlotEntity[]).sort((a, b) => a.startAt.localeCompare(b.startAt));
    assertBookable(ordered, c, now);
    const patient = await m.getRepository(PatientEntity).findOne({ where: { id: c.patientId }, select: { id: true } });
    if (!patient) throw new Refusal('unknown-reference', 'The patient participant names a patient this provider does not know');
    const schedule = await m.getRepository(ScheduleEntity).findOne({ where: { id: ordered[0].scheduleId } });
    if (c.locationId !== undefined) {
      const location = await m.getRepository(LocationEntity).findOne({ where: { id: c.locationId }, select: { id: true } });
      if (!location) throw new Refusal('unknown-reference', 'The location participant names a location this provider does not publish');
      if (schedule?.locationId && schedule.locationId !== c.locationId)
        throw new Refusal('invalid', "The location participant must be the location of the slots' schedule");
    }
    // Claimed in id order, so two bookings of overlapping slots never wait on each other in a cycle.
    for (const slot of [...ordered].sort((a, b) => a.id.localeCompare(b.id))) {
      if (!(await claimSlot(m, slot.id, now))) throw new Refusal('slot-taken', 'A requested slot is no longer free');
    }
    const [first, ...rest] = ordered;
    const last = ordered[ordered.length - 1];
    const sent: Appointment = {
      resourceType: 'Appointment',
      status: 'booked',
      ...(c.identifiers?.length ? { identifier: c.identifiers } : {}),
      ...(first.resource.serviceType ? { serviceType: first.resource.serviceType } : {}),
      ...(schedule?.resource.serviceCategory ? { serviceCategory: schedule.resource.serviceCategory } : {}),
      ...(c.priority !== undefined ? { priority: c.priority } : {}),
      description: c.description,
      ...(c.comment !== undefined ? { comment: c.comment } : {}),
      participant: c.participants.map((p) => ({
        ...(p.type ? { type: p.type } : {}),
        actor: { reference: p.reference },
        status: p.status as Appointment['participant'][number]['status'],
      })),
    };
    const appointmentId = await createAppointment(
      m,
      {
        sent,
        slot: { id: first.id, scheduleId: first.scheduleId, startAt: first.startAt, endAt: last.endAt },
        extraSlotIds: rest.map((s) => s.id),
        patientId: c.patientId,
        patientReference: undefined,
        serviceId: first.serviceId,
        correlationId: ctx.correlationId,
        inboxId: ctx.inboxId,
        replacesId: null,
        now,
      },
      this.pointers,
    );
    await storeExtraSlots(
      m,
      appointmentId,
      rest.map((s) => s.id),
    );
    await storeBookingOrganisation(m, appointmentId, c.bookingOrganisation, now);
    return { appointment: { id: appointmentId, versionId: 1 }, ids: {} };
  }

  private async amend(m: EntityManager, c: AmendTextCommand, ctx: MessageContext): Promise<DirectResult> {
    const now = nowInstant();
    const row = await changeable(m, c.appointmentId, c, now);
    const { comment: _old, ...resource } = row.resource;
    const next = await writeVersion(
      m,
      row,
      {
        status: 'booked',
        resource: { ...resource, description: c.description, ...(c.comment !== undefined ? { comment: c.comment } : {}) },
      },
      ctx.inboxId,
      now,
      this.pointers,
    );
    return { appointment: { id: row.id, versionId: next.versionId }, ids: {} };
  }

  private async cancel(m: EntityManager, c: CancelWithReasonCommand, ctx: MessageContext): Promise<DirectResult> {
    const now = nowInstant();
    const row = await changeable(m, c.appointmentId, c, now);
    const resource = { ...row.resource, cancelationReason: { text: c.reason } };
    const next = await writeVersion(m, row, { status: 'cancelled', resource }, ctx.inboxId, now, this.pointers);
    await freeAppointmentSlots(m, row, now);
    return { appointment: { id: row.id, versionId: next.versionId }, ids: {} };
  }
}

/** One schedule, adjacent, spanning exactly the requested start and end, in the future (GPCONNECT.md §3.2). */
function assertBookable(slots: SlotEntity[], c: BookSlotsCommand, now: string): void {
  const first = slots[0];
  const last = slots[slots.length - 1];
  if (slots.some((s) => s.scheduleId !== first.scheduleId))
    throw new Refusal('invalid', 'The slots of one appointment must be of one schedule');
  for (let i = 1; i < slots.length; i++) {
    if (slots[i].startAt !== slots[i - 1].endAt) throw new Refusal('invalid', 'The slots of one appointment must be adjacent');
  }
  if (first.startAt !== c.start) throw new Refusal('invalid', "Appointment.start must equal the first slot's start");
  if (last.endAt !== c.end) throw new Refusal('invalid', "Appointment.end must equal the last slot's end");
  if (first.startAt <= now) throw new Refusal('past', 'Only future slots can be booked');
}

/** The appointment, if it can still be changed: it exists, is the version expected, booked and in the future. */
async function changeable(m: EntityManager, id: string, guard: VersionGuard, now: string): Promise<AppointmentEntity> {
  const row = await m.getRepository(AppointmentEntity).findOne({ where: { id } });
  if (!row) throw new Refusal('not-found', 'No appointment with this id');
  if (guard.ifMatch !== undefined && guard.ifMatch !== row.versionId)
    throw new Refusal('stale-version', 'The appointment has changed since the version named in If-Match; read it again');
  if (guard.basisVersion !== undefined && guard.basisVersion !== row.versionId)
    throw new Refusal('stale-version', 'The appointment changed while this request was being checked; read it again');
  if (row.status !== 'booked') throw new Refusal('not-booked', `The appointment is ${row.status}, so it cannot be changed`);
  if (row.startAt <= now) throw new Refusal('past', 'The appointment is in the past, so it cannot be changed');
  return row;
}
