import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Queues, isInboundJobName, type InboundJobData, type InboundJobName } from './queues';

/** How long an enqueue may take before the api gives up and answers 503: Redis is down or stalled. */
const ENQUEUE_TIMEOUT_MS = 2000;

/** The parts of a stored inbox row that make its job (the inbox library's row, seen from below it). */
export interface EnqueuedRow {
  id: string;
  requestId: string;
  correlationId: string;
  jobName: string;
}

/** The only way onto the inbound queue: the api on accept, the worker's re-drive, an admin's replay. */
@Injectable()
export class InboundProducer {
  constructor(@InjectQueue(Queues.inbound) private readonly queue: Queue<InboundJobData, unknown, InboundJobName>) {}

  /**
   * Enqueues the inbox row. `jobId` is the inbox id, so enqueueing the same row twice (a retry racing the
   * first attempt, or a re-drive of a row whose enqueue was lost) is a no-op in BullMQ. Bounded in time:
   * the connection queues commands while Redis is away, and a sender must not wait on that.
   */
  async enqueue(name: InboundJobName, data: InboundJobData): Promise<void> {
    await this.withTimeout(this.queue.add(name, data, { jobId: data.inboxId }));
  }

  /**
   * Puts the row's job back on the queue, whatever became of it: added when it was lost, moved back to
   * waiting when it gave up (BullMQ keeps a failed job a week, and adding one with the same id is then a
   * no-op), left alone while it waits, runs or retries. The worker's claim makes a second run harmless.
   */
  async redrive(name: InboundJobName, data: InboundJobData): Promise<'added' | 'retried' | 'present'> {
    const job = await this.withTimeout(this.queue.getJob(data.inboxId));
    if (job) {
      const state = await this.withTimeout(job.getState());
      if (state === 'failed') {
        await this.withTimeout(job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }));
        return 'retried';
      }
      if (state !== 'completed') return 'present';
      // Completed while its row is still unfinished (a run that found nothing to do): run it again.
      await this.withTimeout(job.remove());
    }
    await this.enqueue(name, data);
    return 'added';
  }

  private async withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis took longer than ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Enqueues (again) the job of a stored row: its `job_name` is checked here, once, for every caller. */
  enqueueRow(row: EnqueuedRow): Promise<void> {
    return this.enqueue(jobNameOf(row), jobDataOf(row));
  }

  /** {@link redrive} for a stored row, its `job_name` checked as in {@link enqueueRow}. */
  redriveRow(row: EnqueuedRow): Promise<'added' | 'retried' | 'present'> {
    return this.redrive(jobNameOf(row), jobDataOf(row));
  }
}

function jobNameOf(row: EnqueuedRow): InboundJobName {
  if (!isInboundJobName(row.jobName)) throw new Error(`inbox row ${row.id} names an unknown job: ${row.jobName}`);
  return row.jobName;
}

function jobDataOf(row: EnqueuedRow): InboundJobData {
  return { inboxId: row.id, requestId: row.requestId, correlationId: row.correlationId };
}
