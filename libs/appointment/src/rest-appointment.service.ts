import { RecError, Systems, asArray, nhsNumberIn, nowInstant, parseInstant, sameSystem, type Appointment, type Patient } from '@hub/fhir';
import { refuseOtherTimes, refusePastSlot } from '@hub/message';
import type { Written } from '@hub/messaging';
import { PointerRecorder } from '@hub/pointers';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertBooked, createAppointment, writeVersion } from './appointment-store';
import { freeAppointmentSlots } from './direct/direct-store';
import type { MessageContext } from './booking.service';
import { changedElements } from './element-changes';
import { AppointmentEntity, PatientEntity, SlotEntity } from './entities';
import { storePatient } from './patient-store';
import { RescheduleService } from './reschedule.service';
import type { RestCommand } from './rest-command';
import { claimSlot } from './slot-resolver';

/** A REST write's answer is the Appointment alone, read back at the version written. */
const written = (id: string, versionId: number): Written => ({ appointment: { id, versionId }, ids: {} });

/** How a POST names its patient. */
type PatientNamed = { kind: 'stored'; id: string } | { kind: 'sent'; patient: Patient; nhsNumber: string | undefined };

const SLOT_REF = /^(?:.*\/)?Slot\/([0-9a-f-]{36})$/i;
const PATIENT_REF = /^Patient\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const CANCELLED = ['cancelled', 'entered-in-error'];

/** The Appointment Management Foundation's writes (BARS.md §3), run by the worker in the caller's transaction. */
@Injectable()
export class RestAppointmentService {
  constructor(
    private readonly reschedules: RescheduleService,
    private readonly pointers: PointerRecorder,
  ) {}

  async run(m: EntityManager, command: RestCommand, ctx: MessageContext): Promise<Written> {
    switch (command.kind) {
      case 'create':
        return this.create(m, command.resource, ctx);
      case 'update':
        return this.update(m, command.appointmentId, command.resource, command.ifMatch, ctx);
      case 'reschedule': {
        const row = await this.reschedules.reschedule(m, { ...command, expectedVersion: command.ifMatch, inboxId: ctx.inboxId });
        return written(row.id, row.versionId);
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

  /**
   * POST: the Appointment names its slot (`Slot/{id}`) and its patient: a Patient the hub knows
   * (`Patient/{id}`), a contained Patient, or an actor identified by NHS number.
   */
  private async create(m: EntityManager, sent: Appointment, ctx: MessageContext): Promise<Written> {
    const now = nowInstant();
    const slotId = SLOT_REF.exec(asArray(sent.slot)[0]?.reference ?? '')?.[1]?.toLowerCase();
    const slot = slotId ? await m.getRepository(SlotEntity).findOne({ where: { id: slotId } }) : null;
    if (!slot) throw RecError.conflict('Appointment.slot does not name a Slot published by this receiver');
    refusePastSlot(slot.startAt, now);
    const start = parseInstant(sent.start);
    const end = parseInstant(sent.end);
    if (start !== undefined || end !== undefined)
      refuseOtherTimes({ start: start ?? '', end: end ?? '' }, { start: slot.startAt, end: slot.endAt });
    const { named, index } = this.patientOf(sent);
    if (!(await claimSlot(m, slot.id, now))) throw RecError.conflict('The requested Slot is not free: it has been booked or withdrawn');
    const patientId =
      named.kind === 'stored' ? await this.storedPatient(m, named.id) : await storePatient(m, named.patient, named.nhsNumber, now);
    const { contained: _contained, id: _id, ...rest } = sent;
    const participant = asArray(sent.participant).map((p, i) => (i === index ? { ...p, actor: { reference: '#patient' } } : p));
    const appointmentId = await createAppointment(
      m,
      {
        sent: { ...rest, participant },
        slot,
        patientId,
        patientReference: '#patient',
        serviceId: slot.serviceId,
        correlationId: ctx.correlationId,
        inboxId: ctx.inboxId,
        replacesId: null,
        now,
      },
      this.pointers,
    );
    return written(appointmentId, 1);
  }

  private patientOf(sent: Appointment): { named: PatientNamed; index: number } {
    const participants = asArray(sent.participant);
    for (const [index, p] of participants.entries()) {
      const ref = typeof p.actor?.reference === 'string' ? p.actor.reference.trim() : undefined;
      if (ref?.startsWith('#')) {
        const contained = asArray(sent.contained).find((c) => c.resourceType === 'Patient' && `#${c.id}` === ref) as Patient | undefined;
        if (contained !== undefined) {
          return { named: { kind: 'sent', patient: contained, nhsNumber: nhsNumberIn(contained.identifier, 'Patient.identifier') }, index };
        }
      }
      const stored = ref === undefined ? undefined : PATIENT_REF.exec(ref)?.[1];
      if (stored !== undefined) return { named: { kind: 'stored', id: stored.toLowerCase() }, index };
      const identifier = p.actor?.identifier;
      const typed = p.actor?.type === undefined || p.actor.type === 'Patient';
      if (ref === undefined && typed && identifier && sameSystem(identifier.system, Systems.nhsNumber)) {
        const nhsNumber = nhsNumberIn(identifier, `Appointment.participant[${index}].actor.identifier`);
        return { named: { kind: 'sent', patient: { resourceType: 'Patient', identifier: [identifier] }, nhsNumber }, index };
      }
    }
    throw RecError.badRequest(
      'required',
      'Appointment.participant must name the patient: a Patient of this receiver (Patient/<id>), a contained Patient, or an actor with an NHS number identifier',
    );
  }

  private async storedPatient(m: EntityManager, id: string): Promise<string> {
    const found = await m.getRepository(PatientEntity).findOne({ where: { id }, select: { id: true } });
    if (!found) throw RecError.unprocessable('not-found', 'Appointment.participant.actor references a Patient this receiver does not hold');
    return found.id;
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
  ): Promise<Written> {
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
    return written(id, next.versionId);
  }

  private async cancel(m: EntityManager, id: string, sent: Appointment, ctx: MessageContext, known?: AppointmentEntity): Promise<Written> {
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
    return written(id, next.versionId);
  }
}
