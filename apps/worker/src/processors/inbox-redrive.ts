import { InboxMessage } from '@hub/inbox';
import { InboundProducer, type InboundJobName } from '@hub/messaging';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LessThan, type DataSource } from 'typeorm';

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
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
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
    const rows = await this.db.getRepository(InboxMessage).find({
      where: { state: 'queued', receivedAt: LessThan(before) },
      select: { id: true, requestId: true, correlationId: true, jobName: true },
      order: { receivedAt: 'ASC' },
      take: BATCH,
    });
    let moved = 0;
    for (const r of rows) {
      const data = { inboxId: r.id, requestId: r.requestId, correlationId: r.correlationId };
      if ((await this.producer.redrive(r.jobName as InboundJobName, data)) !== 'present') moved++;
    }
    if (moved > 0) this.logger.log(`re-drove ${moved} queued message(s) whose job was lost or had given up`);
    return moved;
  }
}
