import { RecError, Systems, asArray, nowInstant, sameSystem, type Appointment, type Patient } from '@hub/fhir';
import { PointerRecorder } from '@hub/pointers';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertBooked, createAppointment, writeVersion } from './appointment-store';
import { freeAppointmentSlots } from './direct/direct-store';
import type { MessageContext } from './booking.service';
import { changedElements } from './element-changes';
import { AppointmentEntity, SlotEntity } from './entities';
import { storePatient } from './patient-store';
import { RescheduleService } from './reschedule.service';
import type { RestCommand } from './rest-command';
import { claimSlot } from './slot-resolver';

export interface RestResult {
  appointmentId: string;
  versionId: number;
  created: string;
}

const SLOT_REF = /^(?:.*\/)?Slot\/([0-9a-f-]{36})$/i;
const CANCELLED = ['cancelled', 'entered-in-error'];

/** The Appointment Management Foundation's writes (BARS.md §3), run by the worker in the caller's transaction. */
@Injectable()
export class RestAppointmentService {
  constructor(
    private readonly reschedules: RescheduleService,
    private readonly pointers: PointerRecorder,
  ) {}

  async run(m: EntityManager, command: RestCommand, ctx: MessageContext): Promise<RestResult> {
    switch (command.kind) {
      case 'create':
        return this.create(m, command.resource, ctx);
      case 'update':
        return this.update(m, command.appointmentId, command.resource, command.ifMatch, ctx);
      case 'reschedule': {
        const row = await this.reschedules.reschedule(m, { ...command, expectedVersion: command.ifMatch, inboxId: ctx.inboxId });
        return { appointmentId: row.id, versionId: row.versionId, created: row.created };
      }
      case 'cancel':
        return this.cancel(
          m,
          command.appointmentId,
          { ...(await this.current(m, command.appointmentId, command.ifMatch)).resource, status: 'cancelled' },
          ctx,
        );
    }
  }

  /** POST: the Appointment names its slot (`Slot/{id}`) and its patient (contained, or by NHS number). */
  private async create(m: EntityManager, sent: Appointment, ctx: MessageContext): Promise<RestResult> {
    const now = nowInstant();
    const slotId = SLOT_REF.exec(asArray(sent.slot)[0]?.reference ?? '')?.[1]?.toLowerCase();
    const slot = slotId ? await m.getRepository(SlotEntity).findOne({ where: { id: slotId } }) : null;
    if (!slot) throw RecError.conflict('Appointment.slot does not name a Slot published by this receiver');
    const { patient, reference } = this.patientOf(sent);
    if (!(await claimSlot(m, slot.id, now))) throw RecError.conflict('The requested Slot is not free: it has been booked or withdrawn');
    const nhsNumber = patient.identifier?.find((i) => sameSystem(i.system, Systems.nhsNumber))?.value?.replace(/\s+/g, '');
    const patientId = await storePatient(m, patient, nhsNumber || undefined, now);
    const { contained: _contained, id: _id, ...rest } = sent;
    const participant = asArray(sent.participant).map((p) =>
      p.actor === reference.actor ? { ...p, actor: { reference: '#patient' } } : p,
    );
    const appointmentId = await createAppointment(
      m,
      {
        sent: { ...rest, participant },
        slot,
        patientId,
        patientFullUrl: '#patient',
        serviceId: slot.serviceId,
        correlationId: ctx.correlationId,
        inboxId: ctx.inboxId,
        replacesId: null,
        now,
      },
      this.pointers,
    );
    return { appointmentId, versionId: 1, created: now };
  }

  private patientOf(sent: Appointment): { patient: Patient; reference: Appointment['participant'][number] } {
    for (const p of asArray(sent.participant)) {
      const ref = p.actor?.reference;
      const contained = ref?.startsWith('#')
        ? asArray(sent.contained).find((c) => c.resourceType === 'Patient' && `#${c.id}` === ref)
        : undefined;
      if (contained !== undefined) return { patient: contained as Patient, reference: p };
      const identifier = p.actor?.identifier;
      if ((p.actor?.type === 'Patient' || ref?.startsWith('Patient')) && identifier && sameSystem(identifier.system, Systems.nhsNumber)) {
        return { patient: { resourceType: 'Patient', identifier: [identifier] }, reference: p };
      }
    }
    throw RecError.badRequest(
      'required',
      'Appointment.participant must name the patient: a contained Patient, or an actor with an NHS number identifier',
    );
  }

  private async current(m: EntityManager, id: string, ifMatch: number | undefined): Promise<AppointmentEntity> {
    const row = await m.getRepository(AppointmentEntity).findOne({ where: { id } });
    if (!row) throw RecError.notFound('No appointment with this id');
    if (ifMatch !== undefined && ifMatch !== row.versionId) {
      throw RecError.conflict('The appointment has changed since the version named in If-Match; read it again');
    }
    return row;
  }

  /** PUT: update (`status`, `reasonCode`) or cancel (`cancelled` / `entered-in-error`, slot freed). */
  private async update(
    m: EntityManager,
    id: string,
    sent: Appointment,
    ifMatch: number | undefined,
    ctx: MessageContext,
  ): Promise<RestResult> {
    const row = await this.current(m, id, ifMatch);
    if (CANCELLED.includes(sent.status)) return this.cancel(m, id, sent, ctx, row);
    if (sent.status !== 'booked')
      throw RecError.unprocessable('processing', `Appointment.status "${sent.status}" is not a change this receiver makes`);
    assertBooked(row);
    const slotRef = sent.slot?.[0]?.reference;
    const changed = changedElements(row.resource, sent);
    if (slotRef !== undefined && SLOT_REF.exec(slotRef)?.[1]?.toLowerCase() !== row.slotId)
      changed.unshift('Appointment.slot (reschedule with PATCH)');
    if (changed.length > 0) {
      throw RecError.unprocessable(
        'processing',
        `An update may change only Appointment.status and Appointment.reasonCode; it also changes ${changed.join(', ')}`,
      );
    }
    const next = await writeVersion(
      m,
      row,
      { status: 'booked', resource: { ...row.resource, reasonCode: sent.reasonCode } },
      ctx.inboxId,
      nowInstant(),
      this.pointers,
    );
    return { appointmentId: id, versionId: next.versionId, created: row.created };
  }

  private async cancel(
    m: EntityManager,
    id: string,
    sent: Appointment,
    ctx: MessageContext,
    known?: AppointmentEntity,
  ): Promise<RestResult> {
    const row = known ?? (await this.current(m, id, undefined));
    assertBooked(row);
    const now = nowInstant();
    const resource = {
      ...row.resource,
      reasonCode: sent.reasonCode ?? row.resource.reasonCode,
      cancelationReason: sent.cancelationReason ?? row.resource.cancelationReason,
    };
    const next = await writeVersion(
      m,
      row,
      { status: sent.status as 'cancelled' | 'entered-in-error', resource },
      ctx.inboxId,
      now,
      this.pointers,
    );
    await freeAppointmentSlots(m, row, now);
    return { appointmentId: id, versionId: next.versionId, created: row.created };
  }
}
