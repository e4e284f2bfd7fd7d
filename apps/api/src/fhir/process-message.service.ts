import type { Bundle, OperationOutcome } from '@hub/fhir';
import type { HeaderBag, InboundMessage } from '@hub/message';
import type { MessageJobName } from '@hub/messaging';
import { Injectable } from '@nestjs/common';
import { echoIds } from './echo-ids';
import { InboxSubmitter } from './inbox-submitter';
import { MessageGate } from './message-gate.service';

export interface Reply {
  status: number;
  body: Bundle | OperationOutcome;
  /** The MessageHeader event, for the message metrics. */
  event: string;
}

const JOB_OF: Record<InboundMessage['operation'], MessageJobName> = {
  book: 'appointment.book',
  update: 'appointment.update',
  cancel: 'appointment.cancel',
};

/**
 * The api's half of `$process-message`: admit the message through the gate, then submit it (inbox,
 * queue, wait for the worker) and answer with the Bundle echoed with the hub's ids. It never books.
 */
@Injectable()
export class ProcessMessageService {
  constructor(
    private readonly gate: MessageGate,
    private readonly submitter: InboxSubmitter,
  ) {}

  async process(headers: HeaderBag, text: unknown): Promise<Reply> {
    const { bars, message } = await this.gate.admit(headers, text);
    const done = await this.submitter.submit({
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
    if (done.kind === 'outcome') return { status: done.status, body: done.outcome, event: message.event };
    const { result } = done;
    if (result.status >= 400 && result.outcome) return { status: result.status, body: result.outcome, event: message.event };
    return { status: result.status, body: echoIds(message.bundle, result), event: message.event };
  }
}
