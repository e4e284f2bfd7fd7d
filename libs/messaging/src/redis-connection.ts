import type { ConnectionOptions } from 'bullmq';

/** BullMQ connection options for a `redis://` or `rediss://` URL (BullMQ hands the URL to ioredis). */
export function bullConnection(url: string): ConnectionOptions {
  // Workers block on Redis: they must wait for a reconnect rather than fail a command.
  return { url, maxRetriesPerRequest: null };
}
