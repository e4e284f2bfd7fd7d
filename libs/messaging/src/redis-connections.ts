import { HubConfig } from '@hub/config';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ConnectionOptions } from 'bullmq';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { bullConnection, parseRedisUrl, type RedisTarget } from './redis-connection';

type ClusterTarget = Extract<RedisTarget, { kind: 'cluster' }>;

function clusterClient(target: ClusterTarget, redisOptions: RedisOptions, options: ClusterOptions = {}): Cluster {
  return new Cluster(target.nodes, {
    ...options,
    redisOptions: {
      ...redisOptions,
      username: target.username,
      password: target.password,
      ...(target.tls ? { tls: {} } : {}),
    },
  });
}

/**
 * Every Redis connection a process makes is decided here, from `REDIS_URL`.
 *
 * On one Redis, BullMQ gets options and opens (and closes) its connections itself, as before. On a Redis
 * Cluster BullMQ cannot build a cluster client from options, so it gets one ioredis `Cluster`: the queues
 * (producers, admin, Bull Board, health) share it, and every Worker and QueueEvents, which block, gets a
 * duplicate BullMQ owns and closes. The shared one belongs to this provider and is closed at shutdown.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnections.name);
  private readonly target: RedisTarget;
  private shared?: Cluster;
  private limiter?: Redis | Cluster;

  constructor(private readonly config: HubConfig) {
    if (config.REDIS_URL === undefined) throw new Error('REDIS_URL is required (only the standalone process embeds Redis)');
    this.target = parseRedisUrl(config.REDIS_URL);
  }

  /** The `connection` for any BullMQ Queue, Worker or QueueEvents of this process. */
  bull(): ConnectionOptions {
    if (this.target.kind === 'single') return bullConnection(this.target.url);
    if (!this.shared) {
      // maxRetriesPerRequest null: BullMQ's blocking duplicates wait for a reconnect rather than fail.
      this.shared = clusterClient(this.target, { maxRetriesPerRequest: null });
      this.shared.on('error', (e: Error) => this.logger.warn(`redis cluster: ${e.message}`));
    }
    return this.shared;
  }

  /**
   * A client for short, non-blocking commands that must fail fast when Redis is away (the shared rate
   * limit, which then falls back to a per-process one): no offline queue, one retry.
   */
  fastClient(): Redis | Cluster {
    if (!this.limiter) {
      const options: RedisOptions = { enableOfflineQueue: false, maxRetriesPerRequest: 1 };
      this.limiter =
        this.target.kind === 'single'
          ? new Redis(this.target.url, options)
          : clusterClient(this.target, options, { enableOfflineQueue: false });
      this.limiter.on('error', () => undefined); // reported by the caller's fallback, not once per retry
    }
    return this.limiter;
  }

  async onApplicationShutdown(): Promise<void> {
    for (const client of [this.limiter, this.shared]) {
      if (client) await client.quit().catch(() => client.disconnect());
    }
  }
}
