import { RecError, nowInstant, type Appointment, type Patient } from '@hub/fhir';
import type { BookingRequest, InboundMessage } from '@hub/message';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  AppointmentEntity,
  AppointmentVersionEntity,
  HealthcareServiceEntity,
  PatientEntity,
  ScheduleEntity,
  type SlotEntity,
} from './entities';
import { claimSlot, slotCandidates } from './slot-resolver';

export interface MessageContext {
  inboxId: string;
  correlationId: string;
}

/** Hub ids given to the message's resources (keyed by `fullUrl`), for the echoed response Bundle. */
export interface BookingResult {
  ids: Record<string, string>;
  appointmentId: string;
  created: string;
}

/** New bookings. Every method runs inside the caller's transaction and uses only its EntityManager. */
@Injectable()
export class BookingService {
  async book(m: EntityManager, message: InboundMessage, request: BookingRequest, ctx: MessageContext): Promise<BookingResult> {
    const now = nowInstant();
    const service = await m.getRepository(HealthcareServiceEntity).findOne({ where: { dosId: message.destinationService } });
    if (!service) throw RecError.notFound('The destination service is not hosted by this receiver');

    const slot = await this.claimAny(m, service.id, request, now);
    const patientId = await this.storePatient(m, request, now);
    const appointmentId = randomUUID();
    const resource = this.appointmentResource(message.appointment, { appointmentId, slot, patientId, request, now });

    await m.getRepository(AppointmentEntity).insert({
      id: appointmentId,
      versionId: 1,
      status: 'booked',
      slotId: slot.id,
      patientId,
      serviceId: service.id,
      correlationId: ctx.correlationId,
      inboxId: ctx.inboxId,
      startAt: slot.startAt,
      endAt: slot.endAt,
      created: now,
      lastUpdated: now,
      resource,
    });
    await m.getRepository(AppointmentVersionEntity).insert({
      appointmentId,
      versionId: 1,
      status: 'booked',
      inboxId: ctx.inboxId,
      resource,
      recordedAt: now,
    });

    const ids: Record<string, string> = {
      [message.appointmentFullUrl]: appointmentId,
      [request.slotFullUrl]: slot.id,
      [request.patientFullUrl]: patientId,
    };
    const schedule = await m.getRepository(ScheduleEntity).findOne({ where: { id: slot.scheduleId }, select: { id: true } });
    const scheduleUrl = message.index.resolve(request.slotFullUrl, 'Slot')?.schedule?.reference;
    if (schedule && scheduleUrl) ids[scheduleUrl] = schedule.id;
    return { ids, appointmentId, created: now };
  }

  /** Tries the candidate slots in order; the first successful conditional claim wins. */
  private async claimAny(m: EntityManager, serviceId: string, request: BookingRequest, now: string): Promise<SlotEntity> {
    const candidates = await slotCandidates(m, serviceId, request.slot);
    if (candidates.length === 0) {
      throw RecError.conflict('The requested Slot is not published by the destination service, so it cannot be booked');
    }
    for (const candidate of candidates) {
      if (candidate.status === 'free' && (await claimSlot(m, candidate.id, now))) return candidate;
    }
    throw RecError.conflict('The requested Slot is not free: it has been booked or withdrawn');
  }

  /**
   * Patients with an NHS number are kept once and refreshed by each booking; patients without one (BaRS
   * accepts them) get a row per booking. The stored resource carries no id: readers add the row's id.
   */
  private async storePatient(m: EntityManager, request: BookingRequest, now: string): Promise<string> {
    const { id: _sentId, ...sent } = request.patient;
    const resource: Patient = { ...sent, meta: { ...sent.meta, lastUpdated: now } };
    const id = randomUUID();
    const insert = m
      .createQueryBuilder()
      .insert()
      .into(PatientEntity)
      .values({
        id,
        nhsNumber: request.nhsNumber ?? null,
        resource,
        createdAt: now,
        lastUpdated: now,
      });
    if (request.nhsNumber === undefined) {
      await insert.execute();
      return id;
    }
    await insert.orUpdate(['resource', 'last_updated'], ['nhs_number']).execute();
    const row = await m.getRepository(PatientEntity).findOne({ where: { nhsNumber: request.nhsNumber }, select: { id: true } });
    if (!row) throw new Error('patient upsert left no row');
    return row.id;
  }

  private appointmentResource(
    sent: Appointment,
    p: { appointmentId: string; slot: SlotEntity; patientId: string; request: BookingRequest; now: string },
  ): Appointment {
    return {
      ...sent,
      id: p.appointmentId,
      meta: { ...sent.meta, versionId: '1', lastUpdated: p.now },
      status: 'booked',
      // The booked slot is the truth about when the appointment is.
      start: p.slot.startAt,
      end: p.slot.endAt,
      created: p.now,
      slot: [{ reference: `Slot/${p.slot.id}` }],
      participant: sent.participant.map((part) =>
        part.actor?.reference === p.request.patientFullUrl
          ? { ...part, actor: { ...part.actor, reference: `Patient/${p.patientId}` } }
          : part,
      ),
    };
  }
}
