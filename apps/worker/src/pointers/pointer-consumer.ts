import { HubConfig } from '@hub/config';
import { Queues, bullConnection, resolveWorkerQueues, type PointerJobData, type PointerJobName } from '@hub/messaging';
import { HubMetrics } from '@hub/observability';
import { PointerDelivery, RetryLaterError, type DeliveryResult } from '@hub/pointers';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { PointerRelay } from './pointer-relay';

/** How often one job may lose its worker (a crash mid-send) and be taken over before the queue gives up. */
const MAX_STALLS = 5;

/**
 * Consumes the `pointers` queue when `NRL_BASE_URL` is set. The BullMQ worker is built here rather than
 * with `@Processor` because its lease (`NRL_LEASE_MS`: lock duration and stalled-job check) and
 * concurrency come from the settings.
 */
@Injectable()
export class PointerConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PointerConsumer.name);
  private worker?: Worker<PointerJobData, DeliveryResult['kind'], PointerJobName>;

  constructor(
    private readonly config: HubConfig,
    private readonly delivery: PointerDelivery,
    private readonly relay: PointerRelay,
    private readonly metrics: HubMetrics,
  ) {}

  onApplicationBootstrap(): void {
    const c = this.config;
    // Only where forwarding is on and WORKER_QUEUES selects the pointers queue.
    if (!c.forwardsPointers || !resolveWorkerQueues(c.WORKER_QUEUES).includes(Queues.pointers)) return;
    this.worker = new Worker(Queues.pointers, (job) => this.process(job), {
      connection: bullConnection(c.REDIS_URL ?? ''),
      prefix: c.QUEUE_PREFIX,
      concurrency: c.NRL_CONCURRENCY,
      lockDuration: c.NRL_LEASE_MS,
      stalledInterval: c.NRL_LEASE_MS,
      maxStalledCount: MAX_STALLS,
    });
    this.worker.on('error', (err) => this.logger.warn(`pointers worker: ${err.message}`));
    this.logger.log('forwarding pointer changes to the NRL');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  async process(job: Job<PointerJobData, DeliveryResult['kind'], PointerJobName>): Promise<DeliveryResult['kind']> {
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      const result = await this.delivery.deliver(job.data.outboxId, job.data.generation, final);
      if (result.kind === 'failed') {
        this.metrics.pointerForwardingFailures.inc({ reason: 'gave-up' });
        this.logger.warn(`pointer change ${job.data.outboxId} failed: see pointer_outbox.last_error`);
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
