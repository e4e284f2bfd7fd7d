import { RecError, nowInstant } from '@hub/fhir';
import type { AppointmentChange, InboundMessage } from '@hub/message';
import { PointerRecorder } from '@hub/pointers';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertBooked, assertNotStale, freeSlot, locateAppointment, writeVersion } from './appointment-store';
import type { BookingResult, MessageContext } from './booking.service';
import { PatientEntity, type AppointmentEntity } from './entities';

/**
 * Checks the message's patient against the booking's (BARS.md §6 step 12, "cross-check patient
 * demographics"): when both carry an NHS number they must agree.
 */
export async function assertSamePatient(m: EntityManager, row: AppointmentEntity, nhsNumber: string | undefined): Promise<void> {
  if (nhsNumber === undefined) return;
  const stored = await m.getRepository(PatientEntity).findOne({ where: { id: row.patientId }, select: { nhsNumber: true } });
  if (stored?.nhsNumber && stored.nhsNumber !== nhsNumber) {
    throw RecError.conflict('The Patient of the message is not the patient of the booking');
  }
}

/** Cancellations: `cancelled` or `entered-in-error`, the slot freed, the cancelled version kept. */
@Injectable()
export class CancellationService {
  constructor(private readonly pointers: PointerRecorder) {}

  async cancel(m: EntityManager, message: InboundMessage, change: AppointmentChange, ctx: MessageContext): Promise<BookingResult> {
    const now = nowInstant();
    const row = await locateAppointment(m, change, ctx.correlationId);
    // "Receiver must not process a cancellation request for a booking … which is not current."
    assertBooked(row);
    assertNotStale(row, change.lastUpdated);
    await assertSamePatient(m, row, change.nhsNumber);
    const sent = message.appointment;
    await writeVersion(
      m,
      row,
      {
        status: change.status,
        resource: {
          ...row.resource,
          reasonCode: sent.reasonCode ?? row.resource.reasonCode,
          cancelationReason: sent.cancelationReason ?? row.resource.cancelationReason,
        },
      },
      ctx.inboxId,
      now,
      this.pointers,
    );
    await freeSlot(m, row.slotId, now);
    const ids: Record<string, string> = { [message.appointmentFullUrl]: row.id };
    if (change.patientFullUrl) ids[change.patientFullUrl] = row.patientId;
    return { ids, appointmentId: row.id, created: row.created };
  }
}
