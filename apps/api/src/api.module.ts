import { HubConfigModule } from '@hub/config';
import { ObservabilityModule } from '@hub/observability';
import { PersistenceModule } from '@hub/persistence';
import { Module } from '@nestjs/common';
import { ApiHttpModule } from './api-http.module';

/** The api process: the HTTP front door. It validates and enqueues; it never books. */
@Module({ imports: [HubConfigModule, ObservabilityModule.logging('api'), PersistenceModule.forRoot('api'), ApiHttpModule] })
export class ApiModule {}
