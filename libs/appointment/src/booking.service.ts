import { nowInstant } from '@hub/fhir';
import type { BookingRequest, InboundMessage } from '@hub/message';
import type { Written } from '@hub/messaging';
import { together } from '@hub/persistence';
import { PointerRecorder } from '@hub/pointers';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { createAppointment, replacedInConversation } from './appointment-store';
import { HostedServices } from './hosted-services.service';
import { storePatient } from './patient-store';
import { claimRequestedSlot } from './slot-resolver';
import { checkClaimed, entryIds } from './written-ids';

export interface MessageContext {
  inboxId: string;
  correlationId: string;
}

/** New bookings. Every method runs inside the caller's transaction and uses only its EntityManager. */
@Injectable()
export class BookingService {
  constructor(
    private readonly pointers: PointerRecorder,
    private readonly hosted: HostedServices,
  ) {}

  async book(m: EntityManager, message: InboundMessage, request: BookingRequest, ctx: MessageContext): Promise<Written> {
    const now = nowInstant();
    const service = await this.hosted.destinationOf(message.destinationService, m);

    // One round trip for the three (see `together`); on a refusal the transaction rolls all of them back.
    const [slot, patientId, replacesId] = await together(
      m,
      () => claimRequestedSlot(m, service.id, request.slot, now),
      () => storePatient(m, request.patient, request.nhsNumber, now),
      () => replacedInConversation(m, ctx.correlationId),
    );
    checkClaimed(request, slot, now);
    const appointmentId = await createAppointment(
      m,
      {
        sent: message.appointment,
        slot,
        patientId,
        patientReference: request.patientReference,
        serviceId: service.id,
        correlationId: ctx.correlationId,
        inboxId: ctx.inboxId,
        replacesId,
        pointerFacts: { nhsNumber: request.nhsNumber ?? null, dosId: message.destinationService },
        now,
      },
      this.pointers,
    );
    return { appointment: { id: appointmentId, versionId: 1 }, ids: entryIds(request, slot, request.patientFullUrl, patientId) };
  }
}
