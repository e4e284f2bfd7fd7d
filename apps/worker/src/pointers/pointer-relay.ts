import { HubConfig } from '@hub/config';
import { Queues, pointerJobId, pointerJobOptions, type PointerJobData, type PointerJobName } from '@hub/messaging';
import { PointerOutbox, type OutboxHead } from '@hub/pointers';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Periodic } from '../consumers/periodic';

const BATCH = 200;
const SWEEP_EVERY_MS = 30_000;

/**
 * Moves pointer changes from the outbox onto the `pointers` queue. Every worker runs it; each pass queues
 * the pending rows that head their chain, one job per row and generation, so two relays queueing the same
 * row add one job. A delivered change queues its chain's next one at once (see PointerConsumer); the
 * loop catches the rest: new changes, retried ones, and rows whose job Redis lost (the sweep).
 */
@Injectable()
export class PointerRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PointerRelay.name);
  private loop?: Periodic;
  private lastSweep = 0;

  constructor(
    private readonly config: HubConfig,
    private readonly outbox: PointerOutbox,
    @InjectQueue(Queues.pointers) private readonly queue: Queue<PointerJobData, string, PointerJobName>,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.forwardsPointers) return;
    this.loop = new Periodic(
      this.config.POINTER_RELAY_INTERVAL_MS,
      () => this.tick(),
      (error) => this.logger.warn(`pointer relay: ${error.message}`),
    );
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop?.stop();
  }

  private async tick(): Promise<void> {
    await this.relay();
    if (Date.now() - this.lastSweep >= SWEEP_EVERY_MS) {
      this.lastSweep = Date.now();
      await this.sweep();
    }
  }

  /** Queues the due heads (of one chain, or of all). Rows are marked `queued` only after their job exists. */
  async relay(chainId?: string): Promise<number> {
    const heads = await this.outbox.dueHeads(BATCH, chainId);
    for (const head of heads) await this.add(head);
    await this.outbox.markQueued(heads.map((h) => h.id));
    return heads.length;
  }

  private async add(head: OutboxHead): Promise<void> {
    const data = { outboxId: head.id, generation: head.generation };
    const options = pointerJobOptions(this.config.NRL_ATTEMPTS, this.config.NRL_BACKOFF_MS);
    await this.queue.add('pointer.send', data, { ...options, jobId: pointerJobId(data) });
  }

  /**
   * Rows on the queue that have not moved for a while: if their job is gone (Redis lost it) or ended
   * without settling the row, they are queued again under a new generation; if the queue gave up on the
   * job (it stalled too often), the row is `failed`, visible and retryable.
   */
  async sweep(): Promise<void> {
    const before = new Date(Date.now() - Math.max(60_000, 2 * this.config.NRL_LEASE_MS)).toISOString();
    for (const row of await this.outbox.stuck(before, BATCH)) {
      const job = await this.queue.getJob(pointerJobId({ outboxId: row.id, generation: row.generation }));
      const state = job ? await job.getState() : 'missing';
      if (state === 'failed') await this.outbox.fail(row.id, row.generation, `the queue gave up: ${job?.failedReason ?? 'unknown'}`);
      else if (state === 'missing' || state === 'completed' || state === 'unknown') await this.outbox.requeue(row.id, row.generation);
    }
  }
}
