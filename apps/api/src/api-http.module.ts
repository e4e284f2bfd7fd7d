import { AppointmentModule } from '@hub/appointment';
import { InboxModule } from '@hub/inbox';
import { MessagingModule, ReplyWaiter } from '@hub/messaging';
import { ObservabilityModule } from '@hub/observability';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AdminTokenGuard } from './admin/admin-token.guard';
import { AvailabilityController } from './admin/availability.controller';
import { MessageAdminController } from './admin/message-admin.controller';
import { MessageAdminService } from './admin/message-admin.service';
import { QueueAdminController } from './admin/queue-admin.controller';
import { QueueAdminService } from './admin/queue-admin.service';
import { QueueBoardModule } from './admin/queue-board.module';
import { AppointmentController } from './fhir/appointment.controller';
import { ProcessMessageController } from './fhir/process-message.controller';
import { ProcessMessageService } from './fhir/process-message.service';
import { HealthController } from './health/health.controller';
import { OperationOutcomeFilter } from './http/operation-outcome.filter';

/**
 * The api's features, without the process-wide roots (config, database), so that the standalone
 * process can mount them beside the worker's on one connection. It declares no processor.
 */
@Module({
  imports: [MessagingModule, InboxModule, AppointmentModule, ObservabilityModule, QueueBoardModule],
  controllers: [
    ProcessMessageController,
    AppointmentController,
    AvailabilityController,
    QueueAdminController,
    MessageAdminController,
    HealthController,
  ],
  providers: [
    ProcessMessageService,
    ReplyWaiter,
    AdminTokenGuard,
    QueueAdminService,
    MessageAdminService,
    { provide: APP_FILTER, useClass: OperationOutcomeFilter },
  ],
})
export class ApiHttpModule {}
