import { HubConfigModule } from '@hub/config';
import { PersistenceModule } from '@hub/persistence';
import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ApiHttpModule } from '../../api/src/api-http.module';
import { hubEntities } from '../../api/src/entities';
import { WorkerProcessingModule } from '../../worker/src/worker-processing.module';
import type { EmbeddedRedis } from './embedded-redis';

const EMBEDDED_REDIS = Symbol('EMBEDDED_REDIS');

class EmbeddedRedisLifecycle implements OnApplicationShutdown {
  constructor(private readonly redis: EmbeddedRedis | undefined) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis?.stop();
  }
}

/** The quick start: api and worker features in one process, on one database connection. */
@Module({})
export class StandaloneModule {
  static forRoot(redis: EmbeddedRedis | undefined): DynamicModule {
    return {
      module: StandaloneModule,
      imports: [HubConfigModule, PersistenceModule.forRoot(hubEntities), ApiHttpModule, WorkerProcessingModule],
      providers: [
        { provide: EMBEDDED_REDIS, useValue: redis },
        { provide: EmbeddedRedisLifecycle, inject: [EMBEDDED_REDIS], useFactory: (r?: EmbeddedRedis) => new EmbeddedRedisLifecycle(r) },
      ],
    };
  }
}
