import { InboxService } from '@hub/inbox';
import { InboundProducer } from '@hub/messaging';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Periodic } from '../consumers/periodic';

const EVERY_MS = 30_000;
const OLDER_THAN_MS = 15_000;
const BATCH = 500;

/**
 * Nothing accepted is lost: an inbox row still `queued` long after it was received lost its job (Redis
 * restarted without persistence, or the api died between insert and enqueue), or its job gave up while
 * the database could not record that (an outage longer than `INBOUND_RETRY_WINDOW_MS`). Either way the
 * job is put back (`InboundProducer.redrive`); a job still waiting or running is left alone.
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
    let moved = 0;
    for (const r of rows) if ((await this.producer.redriveRow(r)) !== 'present') moved++;
    if (moved > 0) this.logger.log(`re-drove ${moved} queued message(s) whose job was lost or had given up`);
    return moved;
  }
}
