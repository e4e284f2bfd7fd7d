import { HubConfig } from '@hub/config';
import {
  INBOUND_BACKOFF,
  Queues,
  RedisConnections,
  inboundRetryDelay,
  type InboundJobData,
  type InboundJobName,
  type InboundResult,
} from '@hub/messaging';
import { HubMetrics, processIdentity, withLogContext } from '@hub/observability';
import { Injectable } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { QueueConsumer, type ConsumerOptions } from '../consumers/queue-consumer';
import { InboundMessageHandler } from './inbound-message.handler';
import { decideRetry } from './retry-policy';

type InboundJob = Job<InboundJobData, InboundResult, InboundJobName>;

/** Consumes the inbound queue: `$process-message` and the REST writes, WORKER_CONCURRENCY at once. */
@Injectable()
export class InboundMessageProcessor extends QueueConsumer<InboundJobData, InboundResult, InboundJobName> {
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
    const maxDelay = this.config.INBOUND_RETRY_MAX_DELAY_MS;
    return {
      concurrency: this.config.WORKER_CONCURRENCY,
      leaseMs: this.config.JOB_LOCK_MS,
      // Infrastructure faults retry with capped doubling for INBOUND_RETRY_WINDOW_MS (retry-policy.ts).
      backoffStrategy: (attemptsMade, type) => (type === INBOUND_BACKOFF ? inboundRetryDelay(attemptsMade, maxDelay) : 0),
    };
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
      const decision = decideRetry(error, attempt, Date.now() - job.timestamp, this.config.INBOUND_RETRY_WINDOW_MS);
      timer({ outcome: decision.kind === 'retry' ? 'retrying' : 'failed' });
      const why = `attempt ${attempt} failed: ${(error as Error).message}`;
      this.logger.warn(`job ${job.id} (${job.name}) ${why}`);
      // The job's own log (kept in Redis with it) is the admin timeline's record of each failed attempt.
      await job.log(`${new Date().toISOString()} ${why}`).catch(() => undefined);
      if (decision.kind === 'retry') throw error;
      // Record the final failure before BullMQ announces it, so the sender's retry finds it stored. If the
      // database is still away this fails; the row stays queued and the redrive runs the job again later.
      if (decision.kind === 'give-up') await this.handler.giveUp(job.data).catch(() => undefined);
      await job.log(`${new Date().toISOString()} gave up: ${decision.why}`).catch(() => undefined);
      throw new UnrecoverableError(`${decision.why}: ${(error as Error).message}`);
    }
  }
}
