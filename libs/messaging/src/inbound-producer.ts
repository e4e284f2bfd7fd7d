import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Queues, type InboundJobData, type InboundJobName } from './queues';

/** How long an enqueue may take before the api gives up and answers 503: Redis is down or stalled. */
const ENQUEUE_TIMEOUT_MS = 2000;

/** The api's only way onto the inbound queue. */
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
}
