import { allQueues } from '@hub/messaging';
import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import { withTimeout } from './bounded';

/** Readiness checks for Redis and the hub's queues, over the connections BullMQ already holds. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
  ) {}

  private queues(): Queue[] {
    return allQueues.map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
  }

  /** A round trip (`INFO`) on the queue connection; reports the version and the eviction policy. */
  async redis(key = 'redis'): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(key);
    try {
      const client = await withTimeout(this.queues()[0].getBackend().client, 'Redis');
      const info = await withTimeout(client.info(), 'Redis');
      const field = (name: string): string | undefined => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
      return check.up({ version: field('redis_version'), maxmemoryPolicy: field('maxmemory_policy') });
    } catch (e) {
      return check.down({ message: (e as Error).message });
    }
  }

  /** Every queue answers a count of its waiting jobs; reports whether each is paused. */
  async queuesReachable(key = 'queues'): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(key);
    const details: Record<string, string> = {};
    try {
      for (const queue of this.queues()) {
        details[queue.name] = (await withTimeout(queue.isPaused(), `queue ${queue.name}`)) ? 'paused' : 'running';
      }
      return check.up(details);
    } catch (e) {
      return check.down({ ...details, message: (e as Error).message });
    }
  }
}
