import { HubConfig } from '@hub/config';
import { RecError, outcomeOf } from '@hub/fhir';
import { InboxService, messageDigest, type InboxMessage, type NewInboxMessage } from '@hub/inbox';
import { InboundProducer, ReplyWaiter, type InboundJobName, type InboundResult } from '@hub/messaging';
import { Injectable, Logger } from '@nestjs/common';

/** A message to record and process; its digest is worked out here, from the same parts for every kind. */
export type Submission = Omit<NewInboxMessage, 'digest'> & { jobName: InboundJobName };

/** How long a sender told to come back (408, 425) should wait, in seconds: about one processing time. */
const RETRY_AFTER_SECONDS = '1';

const refusal = (error: RecError, headers?: Record<string, string>): InboundResult => ({
  status: error.status,
  outcome: outcomeOf(error),
  headers: { ...error.headers, ...headers },
});

/**
 * Every write the api takes (`$process-message` and the REST writes) goes the same way: one inbox row per
 * X-Request-Id, a job with ids only, and a wait (up to REPLY_TIMEOUT_MS) for the worker's answer, which
 * is the inbox's answer for a repeat.
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

  async submit(submission: Submission): Promise<InboundResult> {
    const input = { ...submission, digest: messageDigest(submission) };
    const accepted = await this.inbox.accept(input);
    if (!accepted.accepted) return this.repeat(accepted.existing, input.digest);
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
        return done.result;
      case 'failed':
        return refusal(new RecError('REC_SERVER_ERROR', 'exception', 'The receiver failed to process the request'));
      case 'timeout':
        // The work goes on; a retry with the same X-Request-Id gets 425 or the final answer.
        return refusal(new RecError('REC_TIMEOUT', 'timeout', 'The request is still being processed; retry with the same X-Request-Id'), {
          'Retry-After': RETRY_AFTER_SECONDS,
        });
    }
  }

  /**
   * A repeated X-Request-Id (BARS.md §6 step 5): never processed twice. A retry is the same message
   * ("the same body, same IDs and same headers"); another message under a used id is the sender's error.
   */
  private async repeat(existing: InboxMessage, digest: string): Promise<InboundResult> {
    if (existing.digest !== null && existing.digest !== digest) {
      return refusal(
        RecError.unprocessable(
          'processing',
          'X-Request-Id was already used for a different message; a retry repeats the same message, and a new message needs a new X-Request-Id',
        ),
      );
    }
    switch (existing.state) {
      case 'done':
        return duplicate(existing.response ?? undefined);
      case 'failed':
        if (existing.response?.outcome && existing.responseStatus) {
          return { status: existing.responseStatus, outcome: existing.response.outcome };
        }
        return refusal(new RecError('REC_SERVER_ERROR', 'exception', 'The message failed to process'));
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
        return refusal(new RecError('REC_TOO_EARLY', 'duplicate', 'This message is still being processed; retry later'), {
          'Retry-After': RETRY_AFTER_SECONDS,
        });
    }
  }
}

/**
 * 409 `duplicate` ("already processed, success; do not retry", BARS.md §7) naming what the message
 * produced, so that a sender that timed out can read it: the Appointment's versioned reference in
 * `issue.details.text`, and its URL as `Content-Location` (added by the caller, which knows
 * the base URL).
 */
function duplicate(result: InboundResult | undefined): InboundResult {
  const appointment = result?.written?.appointment;
  const reference = appointment ? `Appointment/${appointment.id}` : undefined;
  const error = new RecError(
    'REC_CONFLICT',
    'duplicate',
    reference
      ? `This message has already been received and processed; its result is ${reference} (version ${appointment?.versionId})`
      : 'This message has already been received and processed',
  );
  const outcome = outcomeOf(error);
  if (reference && outcome.issue[0]?.details) {
    outcome.issue[0].details.text = `${reference}/_history/${appointment?.versionId}`;
  }
  return { status: 409, outcome, written: result?.written };
}
