import { HubConfigModule } from '@hub/config';
import { ObservabilityModule } from '@hub/observability';
import { PersistenceModule } from '@hub/persistence';
import { Module } from '@nestjs/common';
import { WorkerHealthController } from './health/worker-health.controller';
import { WorkerProcessingModule } from './worker-processing.module';

/** The worker process: its consumers, and an HTTP server for health and metrics only. */
@Module({
  imports: [
    HubConfigModule,
    ObservabilityModule.logging('worker'),
    PersistenceModule.forRoot('worker'),
    WorkerProcessingModule,
    ObservabilityModule,
  ],
  controllers: [WorkerHealthController],
})
export class WorkerModule {}
