import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/** Any fixed number: the key of the PostgreSQL advisory lock that serialises migrations across replicas. */
const MIGRATION_LOCK = 727_274_001;

/**
 * Applies pending migrations. Called only by the api at boot and by its `migrate` command (the
 * one-shot job in docker/compose.yaml); workers never call it. On PostgreSQL a session advisory lock
 * makes concurrent api replicas take turns, so each migration runs exactly once.
 */
export async function runMigrations(dataSource: DataSource, logger = new Logger('Migrations')): Promise<string[]> {
  const postgres = dataSource.options.type === 'postgres';
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (postgres) await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const m of applied) logger.log(`applied ${m.name}`);
    return applied.map((m) => m.name);
  } finally {
    if (postgres) await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** Workers and the read paths call this to refuse to run against a schema that is behind the code. */
export async function assertSchemaCurrent(dataSource: DataSource): Promise<void> {
  if (await dataSource.showMigrations()) {
    throw new Error('The database schema is behind this build: run the api (or `npm run migrate`) first.');
  }
}
