import { HubConfig } from '@hub/config';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseOptions } from './database-options';

/**
 * The one TypeORM connection of a process, built from `DATABASE_URL`, with every entity of the hub (the
 * schema lives in this library beside its migrations; each table's queries live in its owning library).
 */
@Module({})
export class PersistenceModule {
  /** `role` names the process's connections in pg_stat_activity (`bars-hub-api`, `bars-hub-worker`). */
  static forRoot(role = 'hub'): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [HubConfig],
          useFactory: (config: HubConfig) => databaseOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE, `bars-hub-${role}`),
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
