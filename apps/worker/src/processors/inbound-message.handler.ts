import {
  AmendmentService,
  BookingService,
  CancellationService,
  ConcurrentChangeError,
  DirectBookingService,
  Refusal,
  RestAppointmentService,
  parseDirectCommand,
  parseRestCommand,
} from '@hub/appointment';
import { RecError, outcomeOf } from '@hub/fhir';
import { InboxService, storedResult, type ClaimedMessage, type InboxMessage } from '@hub/inbox';
import { parseAppointmentChange, parseBookingRequest, parseInboundMessage } from '@hub/message';
import type { InboundJobData, InboundJobName, InboundResult, Written } from '@hub/messaging';
import { Injectable } from '@nestjs/common';
import { pipelinedTransaction } from '@hub/persistence';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { WithdrawnMessageError } from './retry-policy';

/** A stored answer as the job's result: the inbox row is the source of truth, Redis only carries a copy. */
function resultOf(row: InboxMessage): InboundResult {
  return { ...storedResult(row), status: row.responseStatus ?? 500 };
}

/**
 * Processes one inbox message: claim the row, apply the change, record the answer, all in one
 * transaction. A business failure (RecError) rolls the change back and is recorded as the final answer;
 * anything else propagates, so BullMQ retries it with backoff.
 */
@Injectable()
export class InboundMessageHandler {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly inbox: InboxService,
    private readonly booking: BookingService,
    private readonly cancellation: CancellationService,
    private readonly amendment: AmendmentService,
    private readonly rest: RestAppointmentService,
    private readonly direct: DirectBookingService,
  ) {}

  async handle(name: InboundJobName, data: InboundJobData): Promise<InboundResult> {
    // Concurrent changes of one appointment: the loser starts again against the winner's result, so the
    // outcome is always one of the serial orders. Bounded; past it BullMQ's own retries take over.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(name, data);
      } catch (error) {
        if (!(error instanceof ConcurrentChangeError) || attempt >= 5) throw error;
      }
    }
  }

  private async attempt(name: InboundJobName, data: InboundJobData): Promise<InboundResult> {
    try {
      // Pipelined (libs/persistence): a booking is three round trips, BEGIN and COMMIT included.
      const done = await pipelinedTransaction(this.db, async (m: EntityManager) => {
        const row = await this.inbox.claim(m, data.inboxId);
        if (!row) return undefined;
        const result: InboundResult = { status: 200, written: await this.dispatch(m, name, row) };
        await this.inbox.finish(m, row.id, 200, result);
        return result;
      });
      return done ?? (await this.storedResult(data.inboxId));
    } catch (error) {
      if (!(error instanceof RecError)) throw error;
      const outcome = outcomeOf(error);
      const refusal = error instanceof Refusal ? error.reason : undefined;
      const result = { status: error.status, outcome, ...(refusal ? { refusal } : {}) };
      await pipelinedTransaction(this.db, (m: EntityManager) => this.inbox.finish(m, data.inboxId, error.status, result));
      return this.storedResult(data.inboxId);
    }
  }

  /** The job was already finished by an earlier attempt (a retry after a crash): answer as it did. */
  private async storedResult(inboxId: string): Promise<InboundResult> {
    const row = await this.inbox.findById(inboxId);
    // Most likely the api withdrew the row after its enqueue timed out (and answered 503), and Redis took
    // the job after all. The sender's retry is a new row; this job fails where operators can see it.
    if (!row) throw new WithdrawnMessageError(inboxId);
    return resultOf(row);
  }

  private async dispatch(m: EntityManager, name: InboundJobName, row: ClaimedMessage): Promise<Written> {
    const ctx = { inboxId: row.id, correlationId: row.correlationId };
    switch (name) {
      case 'appointment.book': {
        const message = parseInboundMessage(JSON.parse(row.body));
        return this.booking.book(m, message, parseBookingRequest(message), ctx);
      }
      case 'appointment.update': {
        const message = parseInboundMessage(JSON.parse(row.body));
        return this.amendment.amend(m, message, parseAppointmentChange(message), ctx);
      }
      case 'appointment.cancel': {
        const message = parseInboundMessage(JSON.parse(row.body));
        return this.cancellation.cancel(m, message, parseAppointmentChange(message), ctx);
      }
      case 'rest.create':
      case 'rest.update':
      case 'rest.reschedule':
      case 'rest.cancel':
        return this.rest.run(m, parseRestCommand(row.body), ctx);
      case 'gpc.book':
      case 'gpc.amend':
      case 'gpc.cancel':
        return this.direct.run(m, parseDirectCommand(row.body), ctx);
    }
  }

  /** Called when a job gives up (see `decideRetry`): the sender's retry replays this answer. */
  async giveUp(data: InboundJobData): Promise<void> {
    const outcome = outcomeOf(new RecError('REC_SERVER_ERROR', 'exception', 'The receiver failed to process the message'));
    await pipelinedTransaction(this.db, (m: EntityManager) => this.inbox.finish(m, data.inboxId, 500, { status: 500, outcome }));
  }
}
