import { WrittenReader } from '@hub/appointment';
import { HubConfig } from '@hub/config';
import { RecError, outcomeOf, type Bundle, type OperationOutcome } from '@hub/fhir';
import type { HeaderBag, InboundMessage } from '@hub/message';
import type { InboundResult, MessageJobName } from '@hub/messaging';
import { Injectable } from '@nestjs/common';
import { answerBundle, writtenSlotIds } from './answer-bundle';
import { InboxSubmitter } from './inbox-submitter';
import { MessageGate } from './message-gate.service';

/** The HTTP answer the api sends for a write. */
export interface Reply {
  status: number;
  body: Bundle | OperationOutcome;
  headers: Record<string, string>;
  /** The MessageHeader event, for the message metrics. */
  event: string;
}

const JOB_OF: Record<InboundMessage['operation'], MessageJobName> = {
  book: 'appointment.book',
  update: 'appointment.update',
  cancel: 'appointment.cancel',
};

/** The headers a refusal or a duplicate carries: its own, and where its result can be read. */
export function replyHeaders(result: InboundResult, baseUrl: string): Record<string, string> {
  const headers = { ...result.headers };
  const appointment = result.written?.appointment;
  if (result.status === 409 && appointment) {
    headers['Content-Location'] = `${baseUrl}/Appointment/${appointment.id}/_history/${appointment.versionId}`;
  }
  return headers;
}

/**
 * The api's half of `$process-message`: admit the message through the gate, submit it (inbox, queue,
 * wait for the worker), and answer with the message as the hub stored it, read back from the database.
 * It never books.
 */
@Injectable()
export class ProcessMessageService {
  constructor(
    private readonly gate: MessageGate,
    private readonly submitter: InboxSubmitter,
    private readonly written: WrittenReader,
    private readonly config: HubConfig,
  ) {}

  async process(headers: HeaderBag, text: unknown): Promise<Reply> {
    const { bars, message } = await this.gate.admit(headers, text);
    const result = await this.submitter.submit({
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
    const event = message.event;
    const replied = { headers: replyHeaders(result, this.config.publicBaseUrl), event };
    if (result.status >= 400 || result.written === undefined) {
      const outcome = result.outcome ?? outcomeOf(new RecError('REC_SERVER_ERROR', 'exception', 'The message produced no answer'));
      return { status: result.status >= 400 ? result.status : 500, body: outcome, ...replied };
    }
    const record = await this.written.read(result.written, writtenSlotIds(message.bundle, result.written));
    if (!record) throw new RecError('REC_SERVER_ERROR', 'exception', 'The processed message could not be read back');
    return { status: result.status, body: answerBundle(message.bundle, message.appointmentFullUrl, result.written, record), ...replied };
  }
}
