import { HubConfig } from '@hub/config';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import { Queues, type InboundResult } from './queues';
import { RedisConnections } from './redis-connections';

export type WaitOutcome = { kind: 'completed'; result: InboundResult } | { kind: 'failed'; reason: string } | { kind: 'timeout' };

interface Waiter {
  resolve: (outcome: WaitOutcome) => void;
  timer: NodeJS.Timeout;
}

/**
 * Lets a request wait for its job. One QueueEvents connection per process, and one map lookup per event:
 * no listener or Redis round trip per request. Register with {@link expect} *before* enqueueing, so a job
 * that finishes at once cannot be missed.
 */
@Injectable()
export class ReplyWaiter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ReplyWaiter.name);
  private readonly waiters = new Map<string, Waiter>();
  private events!: QueueEvents;

  constructor(
    private readonly config: HubConfig,
    private readonly redis: RedisConnections,
  ) {}

  async onModuleInit(): Promise<void> {
    this.events = new QueueEvents(Queues.inbound, {
      connection: this.redis.bull(),
      prefix: this.config.queuePrefix,
    });
    this.events.on('completed', ({ jobId, returnvalue }) =>
      this.settle(jobId, { kind: 'completed', result: returnvalue as unknown as InboundResult }),
    );
    // 'failed' is emitted only when a job has no attempts left; retries show up as 'delayed'.
    this.events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, { kind: 'failed', reason: failedReason }));
    this.events.on('error', (err) => this.logger.warn(`queue events: ${err.message}`));
    await this.events.waitUntilReady();
  }

  /** Starts waiting for `jobId`; the promise resolves on completion, final failure or after `timeoutMs`. */
  expect(jobId: string, timeoutMs: number): Promise<WaitOutcome> {
    this.waiters.get(jobId)?.resolve({ kind: 'timeout' });
    return new Promise<WaitOutcome>((resolve) => {
      const timer = setTimeout(() => this.settle(jobId, { kind: 'timeout' }), timeoutMs);
      this.waiters.set(jobId, { resolve, timer });
    });
  }

  /** Stops waiting (e.g. the enqueue itself failed). */
  cancel(jobId: string): void {
    this.settle(jobId, { kind: 'timeout' });
  }

  private settle(jobId: string, outcome: WaitOutcome): void {
    const waiter = this.waiters.get(jobId);
    if (!waiter) return;
    this.waiters.delete(jobId);
    clearTimeout(waiter.timer);
    waiter.resolve(outcome);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const id of [...this.waiters.keys()]) this.settle(id, { kind: 'timeout' });
    await this.events?.close();
  }
}
