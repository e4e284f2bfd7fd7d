import { RecError, nowInstant } from '@hub/fhir';
import type { BookingRequest, InboundMessage } from '@hub/message';
import { PointerRecorder } from '@hub/pointers';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { createAppointment } from './appointment-store';
import { HostedServices } from './hosted-services.service';
import { storePatient } from './patient-store';
import { claimRequestedSlot } from './slot-resolver';

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
  constructor(
    private readonly pointers: PointerRecorder,
    private readonly hosted: HostedServices,
  ) {}

  async book(m: EntityManager, message: InboundMessage, request: BookingRequest, ctx: MessageContext): Promise<BookingResult> {
    const now = nowInstant();
    // The cached lookup the gate uses: a service's id never changes, so no read per message.
    const service = await this.hosted.find(message.destinationService, m);
    if (!service) throw RecError.notFound('The destination service is not hosted by this receiver');

    const slot = await claimRequestedSlot(m, service.id, request.slot, now);
    const patientId = await storePatient(m, request.patient, request.nhsNumber, now);
    const appointmentId = await createAppointment(
      m,
      {
        sent: message.appointment,
        slot,
        patientId,
        patientFullUrl: request.patientFullUrl,
        serviceId: service.id,
        correlationId: ctx.correlationId,
        inboxId: ctx.inboxId,
        replacesId: null,
        replacesCancelledInConversation: true,
        pointerFacts: { nhsNumber: request.nhsNumber ?? null, dosId: message.destinationService },
        now,
      },
      this.pointers,
    );
    const ids: Record<string, string> = {
      [message.appointmentFullUrl]: appointmentId,
      [request.slotFullUrl]: slot.id,
      [request.patientFullUrl]: patientId,
    };
    const scheduleUrl = message.index.resolve(request.slotFullUrl, 'Slot')?.schedule?.reference;
    if (scheduleUrl) ids[scheduleUrl] = slot.scheduleId;
    return { ids, appointmentId, created: now };
  }
}
