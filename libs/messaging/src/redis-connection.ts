import type { ConnectionOptions } from 'bullmq';

/** Where `REDIS_URL` points: one Redis, or the seed nodes of a Redis Cluster. */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | {
      kind: 'cluster';
      nodes: Array<{ host: string; port: number }>;
      username?: string;
      password?: string;
      tls: boolean;
    };

/**
 * Reads `REDIS_URL`. `redis+cluster://[user:password@]host:port,host:port` (or `rediss+cluster://` for TLS)
 * names a Redis Cluster by some of its nodes (the client discovers the rest); anything else is one Redis,
 * handed to ioredis as it is. Throws on a cluster URL without a usable `host:port`.
 */
export function parseRedisUrl(url: string): RedisTarget {
  const m = /^(rediss?)\+cluster:\/\/(.*)$/.exec(url);
  if (!m) return { kind: 'single', url };
  let rest = m[2].replace(/[/?#].*$/, '');
  let username: string | undefined;
  let password: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const auth = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = auth.indexOf(':');
    username = decodeURIComponent(colon < 0 ? auth : auth.slice(0, colon)) || undefined;
    password = colon < 0 ? undefined : decodeURIComponent(auth.slice(colon + 1)) || undefined;
  }
  const nodes = rest.split(',').map((part) => {
    const n = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(part.trim());
    if (!n) throw new Error('REDIS_URL: a cluster URL lists host:port pairs separated by commas');
    return { host: n[1], port: Number(n[2]) };
  });
  return { kind: 'cluster', nodes, username, password, tls: m[1] === 'rediss' };
}

/** BullMQ connection options for a `redis://` or `rediss://` URL (BullMQ hands the URL to ioredis). */
export function bullConnection(url: string): ConnectionOptions {
  // Workers block on Redis: they must wait for a reconnect rather than fail a command.
  return { url, maxRetriesPerRequest: null };
}
