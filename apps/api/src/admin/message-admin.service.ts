import { RecError, nowInstant } from '@hub/fhir';
import { InboxMessage, type InboxState } from '@hub/inbox';
import { InboundProducer, Queues, type InboundJobName } from '@hub/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, In, LessThanOrEqual, MoreThanOrEqual, type DataSource, type FindOptionsSelect, type FindOptionsWhere } from 'typeorm';
import { QueueAdminService, summarise, type JobSummary } from './queue-admin.service';

export const INBOX_STATES: readonly InboxState[] = ['queued', 'processing', 'done', 'refused', 'failed'];

/** The columns an admin may see. Never `body` (the Bundle, full of patient data) nor the audit headers. */
const VISIBLE = [
  'id',
  'requestId',
  'correlationId',
  'bundleId',
  'event',
  'reason',
  'jobName',
  'targetService',
  'sourceEndpoint',
  'state',
  'responseStatus',
  'attempts',
  'receivedAt',
  'updatedAt',
  'completedAt',
] as const satisfies readonly (keyof InboxMessage)[];

export type MessageSummary = Pick<InboxMessage, (typeof VISIBLE)[number]>;

const selecting = (...extra: (keyof InboxMessage)[]): FindOptionsSelect<InboxMessage> =>
  Object.fromEntries([...VISIBLE, ...extra].map((k) => [k, true]));

export interface MessageFilter {
  requestId?: string;
  correlationId?: string;
  state?: InboxState;
  since?: string;
  until?: string;
  limit: number;
}

export interface TimelineEvent {
  at: string;
  event: 'received' | 'queued' | 'attempt-failed' | 'processing' | 'answered';
  detail?: string;
}

export interface MessageDetail extends MessageSummary {
  appointmentId?: string;
  outcome?: fhir4.OperationOutcome;
  job?: JobSummary;
  timeline: TimelineEvent[];
}

const ATTEMPT_LOG = /^(\S+) (attempt \d+ failed: .*)$/s;

/** Finds inbox messages and tells one message's story from its row and, while Redis keeps it, its job. */
@Injectable()
export class MessageAdminService {
  private readonly logger = new Logger('Admin');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queues: QueueAdminService,
    private readonly producer: InboundProducer,
  ) {}

  find(filter: MessageFilter): Promise<MessageSummary[]> {
    const where: FindOptionsWhere<InboxMessage> = {};
    // X-Request-Id is stored lower-cased (the dedupe key); correlation ids as sent.
    if (filter.requestId) where.requestId = filter.requestId.toLowerCase();
    if (filter.correlationId) where.correlationId = In([filter.correlationId, filter.correlationId.toLowerCase()]);
    if (filter.state) where.state = filter.state;
    if (filter.since && filter.until) where.receivedAt = Between(filter.since, filter.until);
    else if (filter.since) where.receivedAt = MoreThanOrEqual(filter.since);
    else if (filter.until) where.receivedAt = LessThanOrEqual(filter.until);
    return this.db.getRepository(InboxMessage).find({ where, select: selecting(), order: { receivedAt: 'DESC' }, take: filter.limit });
  }

  async detail(id: string): Promise<MessageDetail> {
    const row = await this.db.getRepository(InboxMessage).findOne({ where: { id: id.toLowerCase() }, select: selecting('response') });
    if (!row) throw RecError.notFound('No message with this id');
    const { response, ...summary } = row;
    const job = await this.jobOf(row.id);
    return {
      ...summary,
      appointmentId: response?.appointmentId,
      outcome: response?.outcome,
      job: job?.summary,
      timeline: timeline(row, job?.summary, job?.logs ?? []),
    };
  }

  /**
   * Runs a message again that failed for an infrastructure reason (state `failed`, status 5xx): the row
   * goes back to `queued` and its job back on the queue. A business refusal (4xx) or a success is a
   * correct answer and is never replayed (409). The sender's next retry receives the new answer.
   */
  async replay(id: string): Promise<MessageDetail> {
    const row = await this.db.getRepository(InboxMessage).findOne({ where: { id: id.toLowerCase() }, select: selecting() });
    if (!row) throw RecError.notFound('No message with this id');
    const reset = await this.db
      .createQueryBuilder()
      .update(InboxMessage)
      .set({ state: 'queued', responseStatus: null, response: () => 'NULL', completedAt: null, updatedAt: nowInstant() })
      .where({ id: row.id, state: 'failed', responseStatus: MoreThanOrEqual(500) })
      .execute();
    if (reset.affected !== 1) {
      throw RecError.conflict(
        `Only a message that failed with a server error can be replayed; this one is ${row.state} (${row.responseStatus ?? 'no answer'})`,
      );
    }
    const queue = this.queues.queue(Queues.inbound);
    const job = await queue.getJob(row.id);
    const state = job ? await job.getState() : undefined;
    if (job && state === 'failed') {
      await job.retry('failed');
    } else if (!job || state === 'completed') {
      await job?.remove();
      await this.producer.enqueue(row.jobName as InboundJobName, {
        inboxId: row.id,
        requestId: row.requestId,
        correlationId: row.correlationId,
      });
    } // else it is still waiting, delayed or running: it will find the row queued.
    return this.detail(row.id);
  }

  private async jobOf(id: string): Promise<{ summary: JobSummary; logs: string[] } | undefined> {
    const queue = this.queues.queue(Queues.inbound);
    const job = await queue.getJob(id);
    if (!job) return undefined;
    const [state, { logs }] = await Promise.all([job.getState(), queue.getJobLogs(id)]);
    return { summary: summarise(job, state), logs };
  }
}

/** The events of one message in time order: received, queued, each failed attempt, processing, answered. */
export function timeline(row: MessageSummary, job: JobSummary | undefined, logs: string[]): TimelineEvent[] {
  const events: TimelineEvent[] = [{ at: row.receivedAt, event: 'received' }];
  if (job) events.push({ at: job.enqueuedAt, event: 'queued', detail: `job ${job.id} (${job.name})` });
  for (const line of logs) {
    const m = ATTEMPT_LOG.exec(line);
    if (m) events.push({ at: m[1], event: 'attempt-failed', detail: m[2] });
  }
  if (job?.processedAt) {
    const by = job.processedBy ? ` by ${job.processedBy}` : '';
    events.push({ at: job.processedAt, event: 'processing', detail: `attempt ${Math.max(job.attemptsMade, row.attempts, 1)}${by}` });
  }
  if (row.completedAt) {
    events.push({ at: row.completedAt, event: 'answered', detail: `${row.state} with HTTP ${row.responseStatus ?? '?'}` });
  }
  return events.sort((a, b) => a.at.localeCompare(b.at));
}
