import { RecError } from '@hub/fhir';
import { InboxService, storedResult, type MessageFilter, type MessageSummary } from '@hub/inbox';
import { InboundProducer, Queues } from '@hub/messaging';
import { Injectable } from '@nestjs/common';
import { QueueAdminService, summarise, type JobSummary } from './queue-admin.service';

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
  constructor(
    private readonly inbox: InboxService,
    private readonly queues: QueueAdminService,
    private readonly producer: InboundProducer,
  ) {}

  find(filter: MessageFilter): Promise<MessageSummary[]> {
    return this.inbox.search(filter);
  }

  async detail(id: string): Promise<MessageDetail> {
    const row = await this.inbox.summary(id);
    if (!row) throw RecError.notFound('No message with this id');
    const { response: _stored, ...summary } = row;
    const response = storedResult(row);
    const job = await this.jobOf(row.id);
    return {
      ...summary,
      appointmentId: response?.written?.appointment.id,
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
    const row = await this.inbox.summary(id);
    if (!row) throw RecError.notFound('No message with this id');
    if (!(await this.inbox.requeueFailed(row.id))) {
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
      await this.producer.enqueueRow(row);
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
