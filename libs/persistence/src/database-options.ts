import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { hubEntities } from './entities';
import { migrations } from './migrations';

export type Dialect = 'postgres' | 'sqlite';

export function dialectOf(url: string): Dialect {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

/**
 * TypeORM options for `DATABASE_URL`. The same entities and migrations serve PostgreSQL (production, tests)
 * and SQLite (the quick start). `synchronize` is always off: the schema changes only through committed
 * migrations, which run in one place (see `runMigrations`).
 */
export function databaseOptions(url: string, poolSize = 10, applicationName = 'bars-hub'): DataSourceOptions {
  const common = { entities: hubEntities, migrations, synchronize: false, migrationsRun: false, logging: false } as const;
  if (dialectOf(url) === 'sqlite') {
    const file = resolve(url.slice('sqlite:'.length));
    mkdirSync(dirname(file), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: file,
      // WAL lets the api read while the worker writes; busy_timeout makes writers queue instead of failing.
      enableWAL: true,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    type: 'postgres',
    url,
    poolSize,
    // application_name shows who holds each connection in pg_stat_activity.
    extra: { max: poolSize, connectionTimeoutMillis: 5000, application_name: applicationName },
  };
}
