import { HubConfig } from '@hub/config';
import { RecError, outcomeOf, type Bundle, type OperationOutcome } from '@hub/fhir';
import { InboxService, type InboxMessage } from '@hub/inbox';
import type { HeaderBag, InboundMessage } from '@hub/message';
import { InboundProducer, ReplyWaiter, type InboundJobName, type InboundJobResult } from '@hub/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { echoIds } from './echo-ids';
import { MessageGate } from './message-gate.service';

export interface Reply {
  status: number;
  body: Bundle | OperationOutcome;
}

const JOB_OF: Record<InboundMessage['operation'], InboundJobName> = {
  book: 'appointment.book',
  update: 'appointment.update',
  cancel: 'appointment.cancel',
};

/**
 * The api's half of `$process-message`: admit the message through the gate, record it in the inbox,
 * enqueue it, and wait (up to REPLY_TIMEOUT_MS) for the worker's answer. It never books.
 */
@Injectable()
export class ProcessMessageService {
  private readonly logger = new Logger('ProcessMessage');

  constructor(
    private readonly config: HubConfig,
    private readonly gate: MessageGate,
    private readonly inbox: InboxService,
    private readonly producer: InboundProducer,
    private readonly waiter: ReplyWaiter,
  ) {}

  async process(headers: HeaderBag, text: unknown): Promise<Reply> {
    const { bars, message } = await this.gate.admit(headers, text);
    const accepted = await this.inbox.accept({
      requestId: bars.requestId,
      correlationId: bars.correlationId,
      bundleId: typeof message.bundle.id === 'string' ? message.bundle.id.slice(0, 64) : null,
      event: message.event,
      reason: message.reason,
      jobName: JOB_OF[message.operation],
      targetService: bars.target.value.slice(0, 64),
      sourceEndpoint: message.sourceEndpoint?.slice(0, 255) ?? null,
      auditHeaders: bars.audit,
      body: text as string,
    });
    if (!accepted.accepted) return this.repeat(accepted.existing);

    const row = accepted.message;
    const data = { inboxId: row.id, requestId: row.requestId, correlationId: row.correlationId };
    const outcome = this.waiter.expect(row.id, this.config.REPLY_TIMEOUT_MS);
    try {
      await this.producer.enqueue(JOB_OF[message.operation], data);
    } catch (error) {
      this.waiter.cancel(row.id);
      // Not accepted after all: forget the row so the sender's retry starts afresh.
      await this.inbox.forget(row.id).catch(() => undefined);
      this.logger.error(`enqueue failed: ${(error as Error).message}`);
      throw new RecError('REC_SERVICE_UNAVAILABLE', 'transient', 'The receiver cannot queue messages right now; retry later');
    }
    return this.reply(await outcome, message.bundle);
  }

  private reply(outcome: Awaited<ReturnType<ReplyWaiter['expect']>>, bundle: Bundle): Reply {
    switch (outcome.kind) {
      case 'completed':
        return this.fromResult(outcome.result, bundle);
      case 'failed':
        return {
          status: 500,
          body: outcomeOf(new RecError('REC_SERVER_ERROR', 'exception', 'The receiver failed to process the message')),
        };
      case 'timeout':
        // The work goes on; a retry with the same X-Request-Id gets 425 or the final answer.
        return {
          status: 408,
          body: outcomeOf(new RecError('REC_TIMEOUT', 'timeout', 'The message is still being processed; retry with the same X-Request-Id')),
        };
    }
  }

  private fromResult(result: InboundJobResult, bundle: Bundle): Reply {
    if (result.status >= 400 && result.outcome) return { status: result.status, body: result.outcome };
    return { status: result.status, body: echoIds(bundle, result) };
  }

  /** A repeated X-Request-Id (BARS.md §6 step 5): never processed twice. */
  private async repeat(existing: InboxMessage): Promise<Reply> {
    switch (existing.state) {
      case 'done':
        return {
          status: 409,
          body: outcomeOf(new RecError('REC_CONFLICT', 'duplicate', 'This message has already been received and processed')),
        };
      case 'failed':
        if (existing.response?.outcome && existing.responseStatus)
          return { status: existing.responseStatus, body: existing.response.outcome };
        return { status: 500, body: outcomeOf(new RecError('REC_SERVER_ERROR', 'exception', 'The message failed to process')) };
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
        return {
          status: 425,
          body: outcomeOf(new RecError('REC_TOO_EARLY', 'duplicate', 'This message is still being processed; retry later')),
        };
    }
  }
}
