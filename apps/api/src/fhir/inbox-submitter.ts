import { HubConfig } from '@hub/config';
import { RecError, outcomeOf, type OperationOutcome } from '@hub/fhir';
import { InboxService, type AcceptOutcome, type InboxMessage, type NewInboxMessage } from '@hub/inbox';
import { InboundProducer, ReplyWaiter, type InboundJobName, type InboundJobResult } from '@hub/messaging';
import { failedBeforeSending, isTransientInfrastructureError } from '@hub/persistence';
import { Injectable, Logger } from '@nestjs/common';

/** The worker's answer, or the answer the inbox gives for a repeat. */
export type Submitted = { kind: 'result'; result: InboundJobResult } | { kind: 'outcome'; status: number; outcome: OperationOutcome };

const outcome = (status: number, error: RecError): Submitted => ({ kind: 'outcome', status, outcome: outcomeOf(error) });

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
 * X-Request-Id, a job with ids only, and a wait (up to REPLY_TIMEOUT_MS) for the worker's answer.
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

  async submit(input: NewInboxMessage & { jobName: InboundJobName }): Promise<Submitted> {
    const accepted = await this.acceptOrFindOut(input);
    if (!accepted.accepted) return this.repeat(accepted.existing);
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
        return { kind: 'result', result: done.result };
      case 'failed': {
        // The job gave up: answer what it stored. A give-up it could not record is re-driven, so not final.
        const stored = await this.inbox.findById(row.id).catch(() => null);
        if (stored) return this.repeat(stored);
        return outcome(500, new RecError('REC_SERVER_ERROR', 'exception', 'The receiver failed to process the request'));
      }
      case 'timeout':
        // The work goes on; a retry with the same X-Request-Id gets 425 or the final answer.
        return outcome(
          408,
          new RecError('REC_TIMEOUT', 'timeout', 'The request is still being processed; retry with the same X-Request-Id'),
        );
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
        if (again.accepted || again.existing.state !== 'queued') return again;
        return { accepted: true, message: again.existing };
      } catch (error) {
        if (!isTransientInfrastructureError(error) || Date.now() > deadline) throw unknownOutcome();
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** A repeated X-Request-Id (BARS.md §6 step 5): never processed twice. */
  private async repeat(existing: InboxMessage): Promise<Submitted> {
    switch (existing.state) {
      case 'done':
        return outcome(409, new RecError('REC_CONFLICT', 'duplicate', 'This message has already been received and processed'));
      case 'failed':
        if (existing.response?.outcome && existing.responseStatus) {
          return { kind: 'outcome', status: existing.responseStatus, outcome: existing.response.outcome };
        }
        return outcome(500, new RecError('REC_SERVER_ERROR', 'exception', 'The message failed to process'));
      case 'queued':
      case 'processing':
        // A no-op while the job waits or runs; recovers a lost enqueue and a job that gave up unrecorded.
        await this.producer.redriveRow(existing).catch(() => undefined);
        return outcome(425, new RecError('REC_TOO_EARLY', 'duplicate', 'This message is still being processed; retry later'));
    }
  }
}
