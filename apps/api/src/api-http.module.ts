import { AppointmentModule } from '@hub/appointment';
import { InboxModule } from '@hub/inbox';
import { MessagingModule, ReplyWaiter } from '@hub/messaging';
import { PointersModule } from '@hub/pointers';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AdminTokenGuard } from './admin/admin-token.guard';
import { AvailabilityController } from './admin/availability.controller';
import { PointerOutboxController } from './admin/pointer-outbox.controller';
import { AppointmentController } from './fhir/appointment.controller';
import { DocumentReferenceController } from './fhir/document-reference.controller';
import { ProcessMessageController } from './fhir/process-message.controller';
import { MessageGate } from './fhir/message-gate.service';
import { ProcessMessageService } from './fhir/process-message.service';
import { OperationOutcomeFilter } from './http/operation-outcome.filter';

/**
 * The api's features, without the process-wide roots (config, database), so that the standalone
 * process can mount them beside the worker's on one connection. It declares no processor.
 */
@Module({
  imports: [MessagingModule, InboxModule, AppointmentModule, PointersModule],
  controllers: [
    ProcessMessageController,
    AppointmentController,
    DocumentReferenceController,
    AvailabilityController,
    PointerOutboxController,
  ],
  providers: [MessageGate, ProcessMessageService, ReplyWaiter, AdminTokenGuard, { provide: APP_FILTER, useClass: OperationOutcomeFilter }],
})
export class ApiHttpModule {}
