import { AvailabilityService, demoAvailability } from '@hub/appointment';
import { validateEnv } from '@hub/config';
import { Logger } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { databaseOptions, runMigrations } from '@hub/persistence';

async function withDataSource<T>(work: (db: DataSource) => Promise<T>): Promise<T> {
  const config = validateEnv(process.env);
  const db = await new DataSource(databaseOptions(config.DATABASE_URL, 2)).initialize();
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** `node dist/apps/api/main.js migrate`: the one-shot migration job (docker/compose.yaml). */
export async function migrateCommand(): Promise<void> {
  const applied = await withDataSource((db) => runMigrations(db));
  new Logger('migrate').log(applied.length === 0 ? 'schema is current' : `applied ${applied.length} migration(s)`);
}

/** `npm run seed -- --service <dos id> --days N --minutes M`: free slots for a service. */
export async function seedCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { service: { type: 'string' }, days: { type: 'string', default: '14' }, minutes: { type: 'string', default: '15' } },
  });
  const days = Number(values.days);
  const minutes = Number(values.minutes);
  if (!values.service || !Number.isInteger(days) || days < 1 || !Number.isInteger(minutes) || minutes < 1) {
    throw new Error('usage: npm run seed -- --service <dos id> [--days 14] [--minutes 15]');
  }
  const bundle = demoAvailability({ dosId: values.service, days, minutes });
  const stored = await withDataSource(async (db) => {
    await runMigrations(db);
    return new AvailabilityService(db).publish(bundle);
  });
  const slots = stored.entry?.filter((e) => e.resource?.resourceType === 'Slot').length ?? 0;
  new Logger('seed').log(`service ${values.service}: ${slots} slot(s) published over ${days} day(s)`);
}
