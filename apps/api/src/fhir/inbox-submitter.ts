import { HubConfig } from '@hub/config';
import { RecError, outcomeOf, type OperationOutcome } from '@hub/fhir';
import { InboxService, type InboxMessage, type NewInboxMessage } from '@hub/inbox';
import { InboundProducer, ReplyWaiter, type InboundJobName, type InboundJobResult } from '@hub/messaging';
import { Injectable, Logger } from '@nestjs/common';

/** The worker's answer, or the answer the inbox gives for a repeat. */
export type Submitted = { kind: 'result'; result: InboundJobResult } | { kind: 'outcome'; status: number; outcome: OperationOutcome };

const outcome = (status: number, error: RecError): Submitted => ({ kind: 'outcome', status, outcome: outcomeOf(error) });

/**
 * Every write the api takes (`$process-message` and the REST writes) goes the same way: one inbox row per
 * X-Request-Id, a job with ids only, and a wait (up to REPLY_TIMEOUT_MS) for the worker's answer.
 */
@Injectable()
export class InboxSubmitter {
  private readonly logger = new Logger('InboxSubmitter');

  constructor(
    private readonly config: HubConfig,
    private readonly inbox: InboxService,
    private readonly producer: InboundProducer,
    private readonly waiter: ReplyWaiter,
  ) {}

  async submit(input: NewInboxMessage & { jobName: InboundJobName }): Promise<Submitted> {
    const accepted = await this.inbox.accept(input);
    if (!accepted.accepted) return this.repeat(accepted.existing);
    const row = accepted.message;
    const data = { inboxId: row.id, requestId: row.requestId, correlationId: row.correlationId };
    const waiting = this.waiter.expect(row.id, this.config.REPLY_TIMEOUT_MS);
    try {
      await this.producer.enqueue(input.jobName, data);
    } catch (error) {
      this.waiter.cancel(row.id);
      // Not accepted after all: forget the row so the sender's retry starts afresh.
      await this.inbox.forget(row.id).catch(() => undefined);
      this.logger.error(`enqueue failed: ${(error as Error).message}`);
      throw new RecError('REC_SERVICE_UNAVAILABLE', 'transient', 'The receiver cannot queue messages right now; retry later');
    }
    const done = await waiting;
    switch (done.kind) {
      case 'completed':
        return { kind: 'result', result: done.result };
      case 'failed':
        return outcome(500, new RecError('REC_SERVER_ERROR', 'exception', 'The receiver failed to process the request'));
      case 'timeout':
        // The work goes on; a retry with the same X-Request-Id gets 425 or the final answer.
        return outcome(
          408,
          new RecError('REC_TIMEOUT', 'timeout', 'The request is still being processed; retry with the same X-Request-Id'),
        );
    }
  }

  /** A repeated X-Request-Id (BARS.md §6 step 5): never processed twice. */
  private async repeat(existing: InboxMessage): Promise<Submitted> {
    switch (existing.state) {
      case 'done':
        return outcome(409, new RecError('REC_CONFLICT', 'duplicate', 'This message has already been received and processed'));
      case 'refused':
      case 'failed':
        if (existing.response?.outcome && existing.responseStatus) {
          return { kind: 'outcome', status: existing.responseStatus, outcome: existing.response.outcome };
        }
        return outcome(500, new RecError('REC_SERVER_ERROR', 'exception', 'The message failed to process'));
      case 'queued':
      case 'processing':
        // Re-enqueueing is a no-op while the job exists (jobId = inbox id) and recovers a lost enqueue.
        await this.producer
          .enqueue(existing.jobName as InboundJobName, {
            inboxId: existing.id,
            requestId: existing.requestId,
            correlationId: existing.correlationId,
          })
          .catch(() => undefined);
        return outcome(425, new RecError('REC_TOO_EARLY', 'duplicate', 'This message is still being processed; retry later'));
    }
  }
}
