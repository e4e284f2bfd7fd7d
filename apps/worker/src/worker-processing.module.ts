import { AppointmentModule } from '@hub/appointment';
import { InboxModule } from '@hub/inbox';
import { MessagingModule } from '@hub/messaging';
import { PointersModule } from '@hub/pointers';
import { ObservabilityModule } from '@hub/observability';
import { Module } from '@nestjs/common';
import { PointerConsumer } from './pointers/pointer-consumer';
import { PointerRelay } from './pointers/pointer-relay';
import { InboundMessageHandler } from './processors/inbound-message.handler';
import { InboundMessageProcessor } from './processors/inbound-message.processor';
import { InboxRedrive } from './processors/inbox-redrive';
import { SchemaGate } from './schema-gate';

/** The worker's features: the only place processors are declared and the appointment book is changed. */
@Module({
  imports: [MessagingModule, InboxModule, AppointmentModule, PointersModule, ObservabilityModule],
  providers: [SchemaGate, InboundMessageHandler, InboundMessageProcessor, InboxRedrive, PointerRelay, PointerConsumer],
  exports: [InboundMessageProcessor],
})
export class WorkerProcessingModule {}
