import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';

/** Fails fast, with a message that says what to do, when the suite cannot run at all. */
export default async function globalSetup(): Promise<void> {
  const root = resolve(__dirname, '../..');
  for (const app of ['api', 'worker', 'standalone']) {
    if (!existsSync(resolve(root, `dist/apps/${app}/main.js`)))
      throw new Error(`dist/apps/${app}/main.js is missing: run \`npm run build\` first`);
  }
  const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const pg = new Client({ connectionString: pgUrl });
  await pg.connect().catch((e: Error) => {
    throw new Error(`PostgreSQL is not reachable at ${pgUrl} (set TEST_DATABASE_URL): ${e.message}`);
  });
  await pg.end();
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect().catch((e: Error) => {
    throw new Error(`Redis is not reachable at ${redisUrl} (set TEST_REDIS_URL): ${e.message}`);
  });
  redis.disconnect();
}
