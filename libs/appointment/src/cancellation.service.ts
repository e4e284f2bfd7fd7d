import { nowInstant } from '@hub/fhir';
import type { AppointmentChange, InboundMessage } from '@hub/message';
import { PointerRecorder } from '@hub/pointers';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { writeVersion } from './appointment-store';
import { freeAppointmentSlots } from './direct/direct-store';
import { appointmentToChange } from './change-target';
import type { BookingResult, MessageContext } from './booking.service';

/** Cancellations: `cancelled` or `entered-in-error`, the slot freed, the cancelled version kept. */
@Injectable()
export class CancellationService {
  constructor(private readonly pointers: PointerRecorder) {}

  async cancel(m: EntityManager, message: InboundMessage, change: AppointmentChange, ctx: MessageContext): Promise<BookingResult> {
    const now = nowInstant();
    // "Receiver must not process a cancellation request for a booking … which is not current."
    const row = await appointmentToChange(m, change, ctx.correlationId);
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
    await freeAppointmentSlots(m, row, now);
    const ids: Record<string, string> = { [message.appointmentFullUrl]: row.id };
    if (change.patientFullUrl) ids[change.patientFullUrl] = row.patientId;
    return { ids, appointmentId: row.id, created: row.created };
  }
}
