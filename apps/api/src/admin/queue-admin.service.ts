import { HubConfig } from '@hub/config';
import { RecError } from '@hub/fhir';
import { InboxService, type InboxMessage } from '@hub/inbox';
import { Queues, allQueues, type InboundJobData } from '@hub/messaging';
import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, Queue } from 'bullmq';

export const COUNTED_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

export interface QueueStatus {
  name: string;
  paused: boolean;
  /** Worker connections consuming this queue right now (BullMQ names them in `CLIENT LIST`). */
  workers: number;
  counts: Record<(typeof COUNTED_STATES)[number], number>;
  /** Set when the queue is unused by design, so that `workers: 0` is not read as a fault. */
  note?: string;
}

/** With no NRL_BASE_URL nothing is queued on `pointers` and nothing consumes it: expected, not a fault. */
export const UNUSED_POINTERS_NOTE =
  'unused: NRL_BASE_URL is unset, so pointer changes stay in the hub’s own registry (outbox rows stay pending, to be forwarded if it is set) and no worker consumes this queue';

/** What the admin sees of a job: ids, times and the error. Job data is ids by contract; only those are copied. */
export interface JobSummary {
  id: string;
  name: string;
  state?: string;
  data: { inboxId?: string; requestId?: string; correlationId?: string };
  attemptsMade: number;
  failedReason?: string;
  processedBy?: string;
  enqueuedAt: string;
  processedAt?: string;
  finishedAt?: string;
  /**
   * For an inbound job, what its message came to, from its inbox row: `none` (nothing happened: refused,
   * failed, or withdrawn before it was accepted), `committed` (its change committed; the job failed
   * afterwards, and its answer is stored) or `pending` (not finished: the workers re-drive it).
   */
  effect?: 'none' | 'committed' | 'pending';
  /** The inbox row's state and stored status, when it has one. */
  inbox?: { state: string; status: number | null };
}

/** What a failed inbound job's message came to, read from its inbox row (`undefined`: no row). */
export function effectOf(row: Pick<InboxMessage, 'state' | 'responseStatus'> | undefined): Pick<JobSummary, 'effect' | 'inbox'> {
  if (!row) return { effect: 'none' };
  const inbox = { state: row.state, status: row.responseStatus };
  if (row.state === 'done') return { effect: 'committed', inbox };
  if (row.state === 'failed' || row.state === 'refused') return { effect: 'none', inbox };
  return { effect: 'pending', inbox };
}

const iso = (ms: number | undefined): string | undefined => (ms ? new Date(ms).toISOString() : undefined);

export function summarise(job: Job, state?: string): JobSummary {
  const data = (job.data ?? {}) as Partial<InboundJobData>;
  return {
    id: String(job.id),
    name: job.name,
    state,
    data: { inboxId: data.inboxId, requestId: data.requestId, correlationId: data.correlationId },
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason || undefined,
    processedBy: job.processedBy,
    enqueuedAt: new Date(job.timestamp).toISOString(),
    processedAt: iso(job.processedOn),
    finishedAt: iso(job.finishedOn),
  };
}

/** The admin's operations on the hub's queues, by queue name. */
@Injectable()
export class QueueAdminService {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly inbox: InboxService,
    private readonly config: HubConfig,
  ) {}

  queue(name: string): Queue {
    if (!(allQueues as readonly string[]).includes(name)) throw RecError.notFound(`No queue named ${name}`);
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  async status(name: string): Promise<QueueStatus> {
    const queue = this.queue(name);
    const [counts, paused, workers] = await Promise.all([queue.getJobCounts(...COUNTED_STATES), queue.isPaused(), queue.getWorkersCount()]);
    const byState = Object.fromEntries(COUNTED_STATES.map((s) => [s, counts[s] ?? 0])) as QueueStatus['counts'];
    const unused = name === Queues.pointers && !this.config.forwardsPointers;
    return { name, paused, workers, counts: byState, ...(unused ? { note: UNUSED_POINTERS_NOTE } : {}) };
  }

  statusAll(): Promise<QueueStatus[]> {
    return Promise.all(allQueues.map((name) => this.status(name)));
  }

  async failed(name: string, start: number, limit: number): Promise<{ total: number; jobs: JobSummary[] }> {
    const queue = this.queue(name);
    const [total, jobs] = await Promise.all([queue.getFailedCount(), queue.getFailed(start, start + limit - 1)]);
    const summaries = jobs.map((j) => summarise(j, 'failed'));
    if (name !== Queues.inbound || summaries.length === 0) return { total, jobs: summaries };
    const ids = summaries.map((j) => j.data.inboxId).filter((id): id is string => typeof id === 'string');
    const rows = await this.inbox.outcomes(ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { total, jobs: summaries.map((j) => ({ ...j, ...effectOf(j.data.inboxId ? byId.get(j.data.inboxId) : undefined) })) };
  }

  async job(name: string, id: string): Promise<{ job: Job; state: string }> {
    const job = await this.queue(name).getJob(id);
    if (!job) throw RecError.notFound(`No job ${id} in queue ${name}`);
    return { job, state: await job.getState() };
  }

  async retry(name: string, id: string): Promise<JobSummary> {
    const { job, state } = await this.job(name, id);
    if (state !== 'failed') throw RecError.conflict(`Job ${id} is ${state}; only failed jobs can be retried`);
    await job.retry('failed');
    return summarise(job, await job.getState());
  }

  /** Moves every failed job back to waiting; returns how many there were. */
  async retryAllFailed(name: string): Promise<number> {
    const queue = this.queue(name);
    const failed = await queue.getFailedCount();
    if (failed > 0) await queue.retryJobs({ state: 'failed', count: 1000 });
    return failed;
  }

  async remove(name: string, id: string): Promise<void> {
    const { job, state } = await this.job(name, id);
    // An active job is locked by its worker; removing it would leave the worker writing to nothing.
    if (state === 'active') throw RecError.conflict(`Job ${id} is being processed; it cannot be removed now`);
    await job.remove();
  }

  async setPaused(name: string, paused: boolean): Promise<QueueStatus> {
    const queue = this.queue(name);
    await (paused ? queue.pause() : queue.resume());
    return this.status(name);
  }
}
