import { HubConfig } from '@hub/config';
import { Queues, type InboundJobData, type InboundJobName, type InboundJobResult } from '@hub/messaging';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { InboundMessageHandler } from './inbound-message.handler';

type InboundJob = Job<InboundJobData, InboundJobResult, InboundJobName>;

/**
 * Consumes the inbound queue. Created paused (`autorun: false`) and started once the process has booted
 * and checked its schema, with the concurrency from config rather than a decorator constant.
 */
@Processor(Queues.inbound, { autorun: false })
export class InboundMessageProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(InboundMessageProcessor.name);

  constructor(
    private readonly config: HubConfig,
    private readonly handler: InboundMessageHandler,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
    // Read by BullMQ when the worker starts and on every lock renewal, so they can be set before run().
    Object.assign(this.worker.opts, { lockDuration: this.config.JOB_LOCK_MS, stalledInterval: this.config.JOB_LOCK_MS });
    this.worker.on('error', (err) => this.logger.warn(`worker: ${err.message}`));
    this.worker.run().catch((err: Error) => this.logger.error(`worker stopped: ${err.message}`));
  }

  async process(job: InboundJob): Promise<InboundJobResult> {
    try {
      return await this.handler.handle(job.name, job.data);
    } catch (error) {
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn(
        `job ${job.id} (${job.name}, request ${job.data.requestId}) attempt ${job.attemptsMade + 1} failed: ${(error as Error).message}`,
      );
      // Record the final failure before BullMQ announces it, so the sender's retry finds it stored.
      if (final) await this.handler.giveUp(job.data).catch(() => undefined);
      throw error;
    }
  }
}
