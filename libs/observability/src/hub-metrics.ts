import { allQueues } from '@hub/messaging';
import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
    const queues = (): Queue[] => allQueues.map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    const logger = this.logger;
    new Gauge({
      name: 'hub_queue_jobs',
      help: 'Jobs in each queue by state, read from Redis when scraped',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const queue of queues()) {
          try {
            const counts = await queue.getJobCounts(...DEPTH_STATES);
            for (const state of DEPTH_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          } catch (e) {
            // A scrape must not fail because Redis is down: the health checks report that.
            logger.warn(`queue depth of ${queue.name}: ${(e as Error).message}`);
          }
        }
      },
    });
  }

  /** The Prometheus text exposition of everything above. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
