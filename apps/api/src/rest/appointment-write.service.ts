import { WrittenReader, type RestCommand } from '@hub/appointment';
import { HubConfig } from '@hub/config';
import { RecError, outcomeOf, type Appointment, type OperationOutcome } from '@hub/fhir';
import { decodeBase64Json, parseAuditHeaders, parseTransactionIds } from '@hub/message';
import type { RestJobName } from '@hub/messaging';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { InboxSubmitter } from '../fhir/inbox-submitter';
import { replyHeaders } from '../fhir/process-message.service';

/** A REST write's answer: the Appointment as stored at the version written, or a refusal with its headers. */
export type WriteAnswer =
  | { kind: 'appointment'; appointment: Appointment }
  | { kind: 'outcome'; status: number; outcome: OperationOutcome; headers: Record<string, string> };

const JOB: Record<RestCommand['kind'], RestJobName> = {
  create: 'rest.create',
  update: 'rest.update',
  reschedule: 'rest.reschedule',
  cancel: 'rest.cancel',
};

/**
 * REST writes take the same road as messages: one inbox row per X-Request-Id (required here, it is what
 * makes a retry safe), a job, the worker's transaction, and the answer read back from the database at the
 * version the write made.
 */
@Injectable()
export class AppointmentWriteService {
  constructor(
    private readonly submitter: InboxSubmitter,
    private readonly written: WrittenReader,
    private readonly config: HubConfig,
  ) {}

  async write(req: Request, command: RestCommand): Promise<WriteAnswer> {
    const { requestId, correlationId } = parseTransactionIds(req.headers);
    const target = req.header('nhsd-target-identifier');
    const targetValue = target ? decodeBase64Json(target)?.value : undefined;
    const body = JSON.stringify(command);
    const result = await this.submitter.submit({
      requestId,
      correlationId,
      bundleId: null,
      event: `rest.${command.kind}`,
      reason: null,
      jobName: JOB[command.kind],
      targetService: typeof targetValue === 'string' ? targetValue.slice(0, 64) : null,
      sourceEndpoint: null,
      auditHeaders: parseAuditHeaders(req.headers),
      body,
    });
    if (result.status >= 400 || result.written === undefined) {
      return {
        kind: 'outcome',
        status: result.status >= 400 ? result.status : 500,
        outcome: result.outcome ?? outcomeOf(new RecError('REC_SERVER_ERROR', 'exception', 'The write failed')),
        headers: replyHeaders(result, this.config.publicBaseUrl),
      };
    }
    const record = await this.written.read(result.written);
    if (!record) throw new RecError('REC_SERVER_ERROR', 'exception', 'The written Appointment could not be read back');
    return { kind: 'appointment', appointment: record.appointment };
  }
}
