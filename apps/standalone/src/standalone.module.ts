import { HubConfigModule } from '@hub/config';
import { PersistenceModule } from '@hub/persistence';
import { Module } from '@nestjs/common';
import { ApiHttpModule } from '../../api/src/api-http.module';
import { WorkerProcessingModule } from '../../worker/src/worker-processing.module';

/** The quick start: api and worker features in one process, on one database connection. */
@Module({ imports: [HubConfigModule, PersistenceModule.forRoot('standalone'), ApiHttpModule, WorkerProcessingModule] })
export class StandaloneModule {}
