import { InboxService } from '@hub/inbox';
import { InboundProducer } from '@hub/messaging';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Periodic } from '../consumers/periodic';

const EVERY_MS = 30_000;
const OLDER_THAN_MS = 15_000;
const BATCH = 500;

/**
 * Nothing accepted is lost: an inbox row still `queued` long after it was received lost its job (Redis
 * restarted without persistence, or the api died between insert and enqueue). Enqueue it again; the
 * jobId is the inbox id, so a job that does exist is left alone.
 */
@Injectable()
export class InboxRedrive implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboxRedrive.name);
  private readonly loop = new Periodic(
    EVERY_MS,
    () => this.sweep(),
    (error) => this.logger.warn(`redrive: ${error.message}`),
  );

  constructor(
    private readonly inbox: InboxService,
    private readonly producer: InboundProducer,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop.stop();
  }

  async sweep(olderThanMs = OLDER_THAN_MS): Promise<number> {
    const before = new Date(Date.now() - olderThanMs).toISOString();
    const rows = await this.inbox.queuedBefore(before, BATCH);
    for (const r of rows) await this.producer.enqueueRow(r);
    if (rows.length > 0) this.logger.log(`re-enqueued ${rows.length} queued message(s)`);
    return rows.length;
  }
}
