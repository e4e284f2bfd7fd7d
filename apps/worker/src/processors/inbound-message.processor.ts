import { HubConfig } from '@hub/config';
import { Queues, RedisConnections, type InboundJobData, type InboundJobName, type InboundJobResult } from '@hub/messaging';
import { HubMetrics, processIdentity, withLogContext } from '@hub/observability';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueConsumer, type ConsumerOptions } from '../consumers/queue-consumer';
import { InboundMessageHandler } from './inbound-message.handler';

type InboundJob = Job<InboundJobData, InboundJobResult, InboundJobName>;

/** Consumes the inbound queue: `$process-message` and the REST writes, WORKER_CONCURRENCY at once. */
@Injectable()
export class InboundMessageProcessor extends QueueConsumer<InboundJobData, InboundJobResult, InboundJobName> {
  private readonly identity = processIdentity();

  constructor(
    private readonly config: HubConfig,
    private readonly handler: InboundMessageHandler,
    private readonly metrics: HubMetrics,
    redis: RedisConnections,
  ) {
    super(Queues.inbound, config, redis);
  }

  protected options(): ConsumerOptions {
    return { concurrency: this.config.WORKER_CONCURRENCY, leaseMs: this.config.JOB_LOCK_MS };
  }

  process(job: InboundJob): Promise<InboundJobResult> {
    const context = { requestId: job.data.requestId, correlationId: job.data.correlationId, jobId: job.id, worker: this.identity };
    return withLogContext(context, () => this.attempt(job));
  }

  private async attempt(job: InboundJob): Promise<InboundJobResult> {
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
