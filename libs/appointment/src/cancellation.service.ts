import { nowInstant } from '@hub/fhir';
import type { AppointmentChange, InboundMessage } from '@hub/message';
import { PointerRecorder } from '@hub/pointers';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { writeVersion } from './appointment-store';
import { freeAppointmentSlots } from './direct/direct-store';
import { appointmentToChange } from './change-target';
import type { Written } from '@hub/messaging';
import type { MessageContext } from './booking.service';
import { touchedEntryIds } from './written-ids';

/** Cancellations: `cancelled` or `entered-in-error`, the slot freed, the cancelled version kept. */
@Injectable()
export class CancellationService {
  constructor(private readonly pointers: PointerRecorder) {}

  async cancel(m: EntityManager, message: InboundMessage, change: AppointmentChange, ctx: MessageContext): Promise<Written> {
    const now = nowInstant();
    // "Receiver must not process a cancellation request for a booking … which is not current."
    const row = await appointmentToChange(m, change, ctx.correlationId);
    const sent = message.appointment;
    const written = await writeVersion(
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
    const ids = touchedEntryIds(message, { [row.slotId]: 'Slot', [row.patientId]: 'Patient' });
    if (change.patientFullUrl) ids[change.patientFullUrl] = row.patientId;
    // A cancel that carries the Slot is answered with it as stored: free again.
    if (change.slotFullUrl) ids[change.slotFullUrl] = row.slotId;
    return { appointment: { id: row.id, versionId: written.versionId }, ids };
  }
}
