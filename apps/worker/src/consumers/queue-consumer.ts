import type { HubConfig } from '@hub/config';
import { type RedisConnections, resolveWorkerQueues, type QueueName } from '@hub/messaging';
import { processIdentity } from '@hub/observability';
import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';

export type ConsumerState = 'not-selected' | 'running' | 'closing' | 'stopped';

/** How a queue is consumed, all known before its BullMQ worker is built. */
export interface ConsumerOptions {
  /** Jobs this process runs at once. */
  concurrency: number;
  /** A job's lock, and how often stalled jobs are looked for: a job whose worker died runs again after about this long. */
  leaseMs: number;
  /** How often one job may lose its worker before the queue gives up on it (BullMQ's default: 1). */
  maxStalledCount?: number;
}

/**
 * The one way the worker consumes a queue. A subclass names the queue, its options (or none, when this
 * process should not consume it) and how a job is processed. The BullMQ worker is built once the process
 * has booted (its schema checked), only when `WORKER_QUEUES` selects the queue, with every option at
 * construction; it stops in `beforeApplicationShutdown`, before any connection closes, so running jobs
 * finish with the database still open (docs/decisions.md, "When a worker stops taking jobs").
 */
export abstract class QueueConsumer<Data, Result, Name extends string> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private worker?: Worker<Data, Result, Name>;

  protected constructor(
    private readonly queue: QueueName,
    private readonly hub: HubConfig,
    private readonly redis: RedisConnections,
  ) {}

  /** The options to consume with, or undefined when this process does not consume the queue. */
  protected abstract options(): ConsumerOptions | undefined;

  abstract process(job: Job<Data, Result, Name>): Promise<Result>;

  onApplicationBootstrap(): void {
    if (!resolveWorkerQueues(this.hub.WORKER_QUEUES).includes(this.queue)) return;
    const options = this.options();
    if (options === undefined) return;
    this.worker = new Worker<Data, Result, Name>(this.queue, (job) => this.process(job), {
      // One Redis or a Cluster, decided in one place; the prefix is hash-tagged on a Cluster.
      connection: this.redis.bull(),
      prefix: this.hub.queuePrefix,
      // Recorded by BullMQ on each job it hands this worker (`processedBy`): who processed what.
      name: processIdentity(),
      concurrency: options.concurrency,
      lockDuration: options.leaseMs,
      stalledInterval: options.leaseMs,
      maxStalledCount: options.maxStalledCount ?? 1,
    });
    this.worker.on('error', (err) => this.logger.warn(`${this.queue} worker: ${err.message}`));
    this.logger.log(`consuming ${this.queue} (concurrency ${options.concurrency})`);
  }

  /** Drains: BullMQ takes no new job and waits for the running ones. */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (!this.worker || this.worker.closing) return;
    this.logger.log(`${signal ?? 'shutdown'}: finishing running jobs of ${this.queue}, taking no new ones`);
    await this.worker.close();
    this.logger.log(`${this.queue} queue drained`);
  }

  consumerState(): ConsumerState {
    if (!this.worker) return 'not-selected';
    if (this.worker.closing) return 'closing';
    return this.worker.isRunning() ? 'running' : 'stopped';
  }
}
