import { allQueues } from '@hub/messaging';
import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { withTimeout } from './bounded';

const DEPTH_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

/**
 * The Prometheus metrics of one process, on a registry of its own (so several hubs can live in one test
 * process). The api feeds the HTTP and message metrics, the worker the job metrics; queue depth is read
 * from Redis at scrape time, so every process reports the same, current numbers.
 */
@Injectable()
export class HubMetrics {
  private readonly logger = new Logger(HubMetrics.name);
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'hub_http_request_duration_seconds',
    help: 'HTTP requests by method, matched route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly messages = new Counter({
    name: 'hub_messages_total',
    help: '$process-message answers by MessageHeader event and outcome (the HTTP status answered)',
    labelNames: ['event', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'hub_job_duration_seconds',
    help: 'Job attempts by queue, job name and outcome (completed, retrying, failed)',
    labelNames: ['queue', 'name', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  /**
   * Failed attempts to forward a pointer change to the NRL (fed by the worker's PointerConsumer): `retrying`
   * (transient, attempts left), `gave-up` (the row is left `failed`), `error` (anything else).
   */
  readonly pointerForwardingFailures = new Counter({
    name: 'hub_pointer_forwarding_failures_total',
    help: 'Failed attempts to forward a pointer change to the external registry, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor(private readonly moduleRef: ModuleRef) {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Jobs per queue and state, read from Redis when scraped; absent while Redis does not answer. */
  private readonly queueJobs = new Gauge({
    name: 'hub_queue_jobs',
    help: 'Jobs in each queue by state, read from Redis when scraped (absent while Redis does not answer)',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  private readonly dependencyUp = new Gauge({
    name: 'hub_dependency_up',
    help: 'Whether a dependency answered this scrape within 1.5 s (1) or not (0): redis, database',
    labelNames: ['dependency'] as const,
    registers: [this.registry],
  });

  /**
   * Reads what a scrape reports from Redis and PostgreSQL, each bounded: a scrape answers with what the
   * process knows while either is away, and `hub_dependency_up` says which.
   */
  private async probe(): Promise<void> {
    const queues = allQueues.map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    let db: DataSource | undefined;
    try {
      db = this.moduleRef.get(DataSource, { strict: false });
    } catch {
      db = undefined;
    }
    const [depths, database] = await Promise.all([
      Promise.allSettled(queues.map((q) => withTimeout(q.getJobCounts(...DEPTH_STATES), `Redis (${q.name})`))),
      db === undefined
        ? Promise.resolve(undefined)
        : withTimeout(db.query('SELECT 1'), 'the database').then(
            () => 1,
            () => 0,
          ),
    ]);
    this.queueJobs.reset();
    depths.forEach((r, i) => {
      if (r.status === 'rejected') return this.logger.warn(`queue depth: ${(r.reason as Error).message}`);
      for (const state of DEPTH_STATES) this.queueJobs.set({ queue: queues[i].name, state }, r.value[state] ?? 0);
    });
    this.dependencyUp.set({ dependency: 'redis' }, depths.every((r) => r.status === 'fulfilled') ? 1 : 0);
    if (database !== undefined) this.dependencyUp.set({ dependency: 'database' }, database);
  }

  /** The Prometheus text exposition of everything above. */
  async scrape(): Promise<string> {
    await this.probe();
    return this.registry.metrics();
  }
}
