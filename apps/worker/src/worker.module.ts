import { appointmentEntities } from '@hub/appointment';
import { HubConfigModule } from '@hub/config';
import { InboxMessage } from '@hub/inbox';
import { PersistenceModule } from '@hub/persistence';
import { pointerEntities } from '@hub/pointers';
import { Module } from '@nestjs/common';
import { WorkerProcessingModule } from './worker-processing.module';

/** The worker process. */
@Module({
  imports: [
    HubConfigModule,
    PersistenceModule.forRoot([InboxMessage, ...appointmentEntities, ...pointerEntities], 'worker'),
    WorkerProcessingModule,
  ],
})
export class WorkerModule {}
