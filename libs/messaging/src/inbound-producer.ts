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
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`enqueue took longer than ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.queue.add(name, data, { jobId: data.inboxId }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Enqueues (again) the job of a stored row: its `job_name` is checked here, once, for every caller. */
  enqueueRow(row: EnqueuedRow): Promise<void> {
    if (!isInboundJobName(row.jobName)) throw new Error(`inbox row ${row.id} names an unknown job: ${row.jobName}`);
    return this.enqueue(row.jobName, { inboxId: row.id, requestId: row.requestId, correlationId: row.correlationId });
  }
}
