import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Queues, type InboundJobData, type InboundJobName } from './queues';

/** The api's only way onto the inbound queue. */
@Injectable()
export class InboundProducer {
  constructor(@InjectQueue(Queues.inbound) private readonly queue: Queue<InboundJobData, unknown, InboundJobName>) {}

  /**
   * Enqueues the inbox row. `jobId` is the inbox id, so enqueueing the same row twice (a retry racing the
   * first attempt, or a re-drive of a row whose enqueue was lost) is a no-op in BullMQ.
   */
  async enqueue(name: InboundJobName, data: InboundJobData): Promise<void> {
    await this.queue.add(name, data, { jobId: data.inboxId });
  }
}
