import { Client } from 'pg';
import type { Hub } from './hub';

export interface Hold {
  release: () => Promise<void>;
}

/**
 * Makes every booking wait: a transaction of the test's own holds an EXCLUSIVE lock on the slot table,
 * which lets reads through but blocks any write to it, and every booking writes its slot. Jobs taken
 * while it is held stay active (their worker blocked in the database) until {@link Hold.release}: the
 * tests use it to have work in flight at a moment of their choosing, without sleeping.
 */
export async function holdBookings(hub: Hub): Promise<Hold> {
  const client = new Client({ connectionString: hub.env.DATABASE_URL });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE slot IN EXCLUSIVE MODE');
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}
