import { HubConfig } from '@hub/config';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseOptions, type EntityList } from './database-options';

/**
 * The one TypeORM connection of a process, built from `DATABASE_URL`. Apps pass the entities of the
 * domain libraries they compose, so this library depends on none of them.
 */
@Module({})
export class PersistenceModule {
  /** `role` names the process's connections in pg_stat_activity (`bars-hub-api`, `bars-hub-worker`). */
  static forRoot(entities: EntityList, role = 'hub'): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [HubConfig],
          useFactory: (config: HubConfig) => databaseOptions(config.DATABASE_URL, entities, config.DATABASE_POOL_SIZE, `bars-hub-${role}`),
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
