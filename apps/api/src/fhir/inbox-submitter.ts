import { HubConfig } from '@hub/config';
import { RecError, outcomeOf } from '@hub/fhir';
import { InboxService, messageDigest, storedResult, type AcceptOutcome, type InboxMessage, type NewInboxMessage } from '@hub/inbox';
import { InboundProducer, ReplyWaiter, type InboundJobName, type InboundResult } from '@hub/messaging';
import { failedBeforeSending, isTransientInfrastructureError } from '@hub/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

/** A message to record and process; its digest is worked out here, from the same parts for every kind. */
export type Submission = Omit<NewInboxMessage, 'digest'> & { jobName: InboundJobName };

/** How long a sender told to come back (408, 425) should wait, in seconds: about one processing time. */
const RETRY_AFTER_SECONDS = '1';

const refusal = (error: RecError, headers?: Record<string, string>): InboundResult => ({
  status: error.status,
  outcome: outcomeOf(error),
  headers: { ...error.headers, ...headers },
});

/** How long the api tries to learn whether an insert whose acknowledgement was lost committed. */
const FIND_OUT_MS = 2000;

/** The hub cannot tell whether it recorded the message: the one answer that is true either way. */
const unknownOutcome = (): RecError =>
  new RecError(
    'REC_TIMEOUT',
    'timeout',
    'The receiver could not confirm whether it recorded this message; retry with the same X-Request-Id',
    { 'Retry-After': '5' },
  );

/**
 * Every write the api takes (`$process-message` and the REST writes) goes the same way: one inbox row per
 * X-Request-Id, a job with ids only, and a wait (up to REPLY_TIMEOUT_MS) for the worker's answer, which
 * is the inbox's answer for a repeat.
 *
 * 503 means "not accepted, nothing will happen", so it is answered only when that is known. When the
 * insert's acknowledgement is lost (the connection dropped after the statement was sent) the api looks for
 * the row on another connection before it answers; when it cannot find out, it answers 408 with
 * `Retry-After`: a retry with the same X-Request-Id is then right whether the row exists or not.
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
    // One row id for every try of this request's insert: a retry that finds it knows the row is its own.
    const input = { ...submission, id: randomUUID(), digest: messageDigest(submission) };
    const accepted = await this.acceptOrFindOut(input);
    if (!accepted.accepted) return this.repeat(accepted.existing, input.digest);
    const row = accepted.message;
    const waiting = this.waiter.expect(row.id, this.config.REPLY_TIMEOUT_MS);
    try {
      await this.producer.enqueueRow(row);
    } catch (error) {
      this.waiter.cancel(row.id);
      this.logger.error(`enqueue failed: ${(error as Error).message}`);
      // Not accepted after all: forget the row so the sender's retry starts afresh. If the row cannot be
      // removed for certain, the redrive will run it: the sender must not be told 503.
      const forgotten = await this.inbox.forget(row.id).then(
        () => true,
        () => false,
      );
      if (!forgotten) throw unknownOutcome();
      throw new RecError('REC_SERVICE_UNAVAILABLE', 'transient', 'The receiver cannot queue messages right now; retry later', {
        'Retry-After': '5',
      });
    }
    const done = await waiting;
    switch (done.kind) {
      case 'completed':
        return done.result;
      case 'failed': {
        // The job gave up: answer what it stored. A give-up it could not record is re-driven, so not final.
        const stored = await this.inbox.findById(row.id).catch(() => null);
        if (stored) return this.repeat(stored, input.digest);
        return refusal(new RecError('REC_SERVER_ERROR', 'exception', 'The receiver failed to process the request'));
      }
      case 'timeout':
        // The work goes on; a retry with the same X-Request-Id gets 425 or the final answer.
        return refusal(new RecError('REC_TIMEOUT', 'timeout', 'The request is still being processed; retry with the same X-Request-Id'), {
          'Retry-After': RETRY_AFTER_SECONDS,
        });
    }
  }

  /**
   * The insert, and when its outcome is unknown, the truth about it: the insert is tried again on another
   * connection. The unique index on X-Request-Id settles it: either that insert wins (the first never
   * committed, or is rolled back while it waits on the index) or it finds the first one's row, which is
   * then this request's and is waited for as if just accepted.
   */
  private async acceptOrFindOut(input: NewInboxMessage): Promise<AcceptOutcome> {
    try {
      return await this.inbox.accept(input);
    } catch (error) {
      if (!isTransientInfrastructureError(error) || failedBeforeSending(error)) throw error;
      this.logger.warn(`inbox insert outcome unknown (${(error as Error).message}); finding out`);
    }
    const deadline = Date.now() + FIND_OUT_MS;
    for (;;) {
      try {
        const again = await this.inbox.accept(input);
        // Its own first insert, committed after all and not yet enqueued: this request's to enqueue. A row
        // of another request under the same X-Request-Id is a repeat, answered as one.
        if (!again.accepted && again.existing.id === input.id && again.existing.state === 'queued')
          return { accepted: true, message: again.existing };
        return again;
      } catch (error) {
        if (!isTransientInfrastructureError(error) || Date.now() > deadline) throw unknownOutcome();
        await new Promise((r) => setTimeout(r, 200));
      }
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
    const stored = storedResult(existing);
    switch (existing.state) {
      case 'done':
        return duplicate(stored);
      case 'refused':
      case 'failed':
        if (stored?.outcome && existing.responseStatus) return { ...stored, status: existing.responseStatus };
        return refusal(new RecError('REC_SERVER_ERROR', 'exception', 'The message failed to process'));
      case 'queued':
      case 'processing':
        // A no-op while the job waits or runs; recovers a lost enqueue and a job that gave up unrecorded.
        await this.producer.redriveRow(existing).catch(() => undefined);
        return refusal(new RecError('REC_TOO_EARLY', 'duplicate', 'This message is still being processed; retry later'), {
          'Retry-After': RETRY_AFTER_SECONDS,
        });
    }
  }
}

/**
 * 409 `duplicate` ("already processed, success; do not retry", BARS.md §4.2) naming what the message
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
