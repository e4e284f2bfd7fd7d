import { AppointmentModule } from '@hub/appointment';
import { InboxModule } from '@hub/inbox';
import { MessagingModule, ReplyWaiter } from '@hub/messaging';
import { PointersModule } from '@hub/pointers';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AdminTokenGuard } from './admin/admin-token.guard';
import { AvailabilityController } from './admin/availability.controller';
import { PointerOutboxController } from './admin/pointer-outbox.controller';
import { DocumentReferenceController } from './fhir/document-reference.controller';
import { ProcessMessageController } from './fhir/process-message.controller';
import { InboxSubmitter } from './fhir/inbox-submitter';
import { MessageGate } from './fhir/message-gate.service';
import { ProcessMessageService } from './fhir/process-message.service';
import { OperationOutcomeFilter } from './http/operation-outcome.filter';
import { SenderAccess } from './http/sender-access';
import { SenderAccessGuard } from './http/sender-access.guard';
import { AppointmentReadController } from './rest/appointment-read.controller';
import { AppointmentWriteController } from './rest/appointment-write.controller';
import { AppointmentWriteService } from './rest/appointment-write.service';
import { MessageDefinitionController } from './rest/message-definition.controller';
import { MetadataController } from './rest/metadata.controller';
import { RouteCatalog } from './rest/route-catalog';
import { SlotController } from './rest/slot.controller';

/**
 * The api's features, without the process-wide roots (config, database), so that the standalone
 * process can mount them beside the worker's on one connection. It declares no processor.
 */
@Module({
  imports: [DiscoveryModule, MessagingModule, InboxModule, AppointmentModule, PointersModule],
  controllers: [
    ProcessMessageController,
    MetadataController,
    MessageDefinitionController,
    SlotController,
    AppointmentReadController,
    AppointmentWriteController,
    DocumentReferenceController,
    AvailabilityController,
    PointerOutboxController,
  ],
  providers: [
    MessageGate,
    InboxSubmitter,
    ProcessMessageService,
    AppointmentWriteService,
    RouteCatalog,
    ReplyWaiter,
    AdminTokenGuard,
    SenderAccess,
    { provide: APP_GUARD, useClass: SenderAccessGuard },
    { provide: APP_FILTER, useClass: OperationOutcomeFilter },
  ],
})
export class ApiHttpModule {}
