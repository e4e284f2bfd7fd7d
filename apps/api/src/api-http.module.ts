import { AppointmentModule } from '@hub/appointment';
import { InboxModule } from '@hub/inbox';
import { MessagingModule } from '@hub/messaging';
import { PointersModule } from '@hub/pointers';
import { ObservabilityModule } from '@hub/observability';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AdminTokenGuard } from './admin/admin-token.guard';
import { AvailabilityController } from './admin/availability.controller';
import { PatientAdminController } from './admin/patients.controller';
import { PointerOutboxController } from './admin/pointer-outbox.controller';
import { DocumentReferenceController } from './rest/document-reference.controller';
import { MessageAdminController } from './admin/message-admin.controller';
import { MessageAdminService } from './admin/message-admin.service';
import { QueueAdminController } from './admin/queue-admin.controller';
import { QueueAdminService } from './admin/queue-admin.service';
import { QueueBoardModule } from './admin/queue-board.module';
import { ProcessMessageController } from './fhir/process-message.controller';
import { InboxSubmitModule } from './fhir/inbox-submit.module';
import { MessageGate } from './fhir/message-gate.service';
import { ProcessMessageService } from './fhir/process-message.service';
import { GpConnectModule } from './gpconnect/gpconnect.module';
import { HealthController } from './health/health.controller';
import { ConnectionKeeper } from './http/connection-keeper';
import { OperationOutcomeFilter } from './http/operation-outcome.filter';
import { SenderAccess } from './http/sender-access';
import { SenderAccessGuard } from './http/sender-access.guard';
import { AppointmentReadController } from './rest/appointment-read.controller';
import { AppointmentWriteController } from './rest/appointment-write.controller';
import { AppointmentWriteService } from './rest/appointment-write.service';
import { MessageDefinitionController } from './rest/message-definition.controller';
import { MetadataController } from './rest/metadata.controller';
import { ResourceReadController } from './rest/resource-read.controller';
import { RouteCatalog } from './rest/route-catalog';
import { SlotController } from './rest/slot.controller';

/**
 * The api's features, without the process-wide roots (config, database), so that the standalone
 * process can mount them beside the worker's on one connection. It declares no processor.
 */
@Module({
  imports: [
    DiscoveryModule,
    MessagingModule,
    InboxModule,
    InboxSubmitModule,
    AppointmentModule,
    PointersModule,
    ObservabilityModule,
    QueueBoardModule,
    GpConnectModule,
  ],
  controllers: [
    ProcessMessageController,
    MetadataController,
    MessageDefinitionController,
    SlotController,
    AppointmentReadController,
    AppointmentWriteController,
    ResourceReadController,
    DocumentReferenceController,
    AvailabilityController,
    PatientAdminController,
    PointerOutboxController,
    QueueAdminController,
    MessageAdminController,
    HealthController,
  ],
  providers: [
    ConnectionKeeper,
    MessageGate,
    ProcessMessageService,
    AppointmentWriteService,
    RouteCatalog,
    AdminTokenGuard,
    QueueAdminService,
    MessageAdminService,
    SenderAccess,
    { provide: APP_GUARD, useClass: SenderAccessGuard },
    { provide: APP_FILTER, useClass: OperationOutcomeFilter },
  ],
})
export class ApiHttpModule {}
