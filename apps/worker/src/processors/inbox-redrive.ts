import { InboxService } from '@hub/inbox';
import { InboundProducer } from '@hub/messaging';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

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
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly inbox: InboxService,
    private readonly producer: InboundProducer,
  ) {}

  onApplicationBootstrap(): void {
    const run = (): void => void this.sweep().catch((e: Error) => this.logger.warn(`redrive: ${e.message}`));
    run();
    this.timer = setInterval(run, EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(olderThanMs = OLDER_THAN_MS): Promise<number> {
    const before = new Date(Date.now() - olderThanMs).toISOString();
    const rows = await this.inbox.queuedBefore(before, BATCH);
    for (const r of rows) await this.producer.enqueueRow(r);
    if (rows.length > 0) this.logger.log(`re-enqueued ${rows.length} queued message(s)`);
    return rows.length;
  }
}
