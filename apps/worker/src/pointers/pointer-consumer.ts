import { HubConfig } from '@hub/config';
import { Queues, RedisConnections, type PointerJobData, type PointerJobName } from '@hub/messaging';
import { HubMetrics } from '@hub/observability';
import { PointerDelivery, RetryLaterError, type DeliveryResult } from '@hub/pointers';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueConsumer, type ConsumerOptions } from '../consumers/queue-consumer';
import { PointerRelay } from './pointer-relay';

/** How often one job may lose its worker (a crash mid-send) and be taken over before the queue gives up. */
const MAX_STALLS = 5;

/**
 * Consumes the `pointers` queue where `NRL_BASE_URL` is set: its lease (`NRL_LEASE_MS`) and concurrency
 * (`NRL_CONCURRENCY`) come from the settings.
 */
@Injectable()
export class PointerConsumer extends QueueConsumer<PointerJobData, DeliveryResult['kind'], PointerJobName> {
  constructor(
    private readonly config: HubConfig,
    private readonly delivery: PointerDelivery,
    private readonly relay: PointerRelay,
    private readonly metrics: HubMetrics,
    redis: RedisConnections,
  ) {
    super(Queues.pointers, config, redis);
  }

  protected options(): ConsumerOptions | undefined {
    const c = this.config;
    if (!c.forwardsPointers) return undefined;
    return { concurrency: c.NRL_CONCURRENCY, leaseMs: c.NRL_LEASE_MS, maxStalledCount: MAX_STALLS };
  }

  async process(job: Job<PointerJobData, DeliveryResult['kind'], PointerJobName>): Promise<DeliveryResult['kind']> {
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      const result = await this.delivery.deliver(job.data.outboxId, job.data.generation, final);
      if (result.kind === 'failed') {
        this.metrics.pointerForwardingFailures.inc({ reason: 'gave-up' });
        this.logger.warn(`pointer change ${job.data.outboxId} failed: see GET /admin/pointer-outbox`);
      }
      // The chain's next change is due now: queue it without waiting for the relay's next pass.
      if (result.kind === 'done') await this.relay.relay(result.chainId).catch(() => undefined);
      return result.kind;
    } catch (error) {
      // One count per failed attempt: `retrying` (a transient answer, attempts left) or `error` (anything else).
      this.metrics.pointerForwardingFailures.inc({ reason: error instanceof RetryLaterError ? 'retrying' : 'error' });
      if (!(error instanceof RetryLaterError)) {
        this.logger.warn(`pointer change ${job.data.outboxId} attempt ${job.attemptsMade + 1}: ${(error as Error).message}`);
      }
      throw error;
    }
  }
}
