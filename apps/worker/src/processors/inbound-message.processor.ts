import { HubConfig } from '@hub/config';
import { Queues, resolveWorkerQueues, type InboundJobData, type InboundJobName, type InboundResult } from '@hub/messaging';
import { HubMetrics, processIdentity, withLogContext } from '@hub/observability';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { InboundMessageHandler } from './inbound-message.handler';

type InboundJob = Job<InboundJobData, InboundResult, InboundJobName>;
export type ConsumerState = 'not-selected' | 'running' | 'closing' | 'stopped';

/**
 * Consumes the inbound queue. Created paused (`autorun: false`) and started once the process has booted
 * and checked its schema, with the concurrency from config rather than a decorator constant, and only
 * when `WORKER_QUEUES` selects this queue.
 */
@Processor(Queues.inbound, { autorun: false })
export class InboundMessageProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InboundMessageProcessor.name);
  private readonly identity = processIdentity();
  private selected = false;

  constructor(
    private readonly config: HubConfig,
    private readonly handler: InboundMessageHandler,
    private readonly metrics: HubMetrics,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.selected = resolveWorkerQueues(this.config.WORKER_QUEUES).includes(Queues.inbound);
    if (!this.selected) {
      // Close the idle worker so that it does not count as a consumer of the queue.
      await this.worker.close();
      return;
    }
    // Recorded by BullMQ on each job it hands this worker (`processedBy`): who processed what.
    this.worker.opts.name = this.identity;
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
    // Read by BullMQ when the worker starts and on every lock renewal, so they can be set before run().
    Object.assign(this.worker.opts, { lockDuration: this.config.JOB_LOCK_MS, stalledInterval: this.config.JOB_LOCK_MS });
    this.worker.on('error', (err) => this.logger.warn(`worker: ${err.message}`));
    this.worker.run().catch((err: Error) => this.logger.error(`worker stopped: ${err.message}`));
  }

  /**
   * Drains before anything else shuts down: BullMQ stops taking jobs and waits for the running ones,
   * while the database and Redis connections (closed in the later shutdown hooks) are still open.
   */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (!this.selected || this.worker.closing) return;
    this.logger.log(`${signal ?? 'shutdown'}: finishing running jobs, taking no new ones`);
    await this.worker.close();
    this.logger.log('inbound queue drained');
  }

  consumerState(): ConsumerState {
    if (!this.selected) return 'not-selected';
    if (this.worker.closing) return 'closing';
    return this.worker.isRunning() ? 'running' : 'stopped';
  }

  process(job: InboundJob): Promise<InboundResult> {
    const context = { requestId: job.data.requestId, correlationId: job.data.correlationId, jobId: job.id, worker: this.identity };
    return withLogContext(context, () => this.attempt(job));
  }

  private async attempt(job: InboundJob): Promise<InboundResult> {
    const timer = this.metrics.jobDuration.startTimer({ queue: Queues.inbound, name: job.name });
    const attempt = job.attemptsMade + 1;
    try {
      const result = await this.handler.handle(job.name, job.data);
      timer({ outcome: 'completed' });
      this.logger.log(`job ${job.id} (${job.name}) attempt ${attempt} answered ${result.status}`);
      return result;
    } catch (error) {
      const final = attempt >= (job.opts.attempts ?? 1);
      timer({ outcome: final ? 'failed' : 'retrying' });
      const why = `attempt ${attempt} failed: ${(error as Error).message}`;
      this.logger.warn(`job ${job.id} (${job.name}) ${why}`);
      // The job's own log (kept in Redis with it) is the admin timeline's record of each failed attempt.
      await job.log(`${new Date().toISOString()} ${why}`).catch(() => undefined);
      // Record the final failure before BullMQ announces it, so the sender's retry finds it stored.
      if (final) await this.handler.giveUp(job.data).catch(() => undefined);
      throw error;
    }
  }
}
