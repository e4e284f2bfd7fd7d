import { AppointmentReader, type RestCommand } from '@hub/appointment';
import { RecError, outcomeOf, type Appointment, type OperationOutcome } from '@hub/fhir';
import { decodeBase64Json, parseAuditHeaders, parseTransactionIds } from '@hub/message';
import type { RestJobName } from '@hub/messaging';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { InboxSubmitter } from '../fhir/inbox-submitter';

export type WriteAnswer =
  { kind: 'appointment'; appointment: Appointment } | { kind: 'outcome'; status: number; outcome: OperationOutcome };

const JOB: Record<RestCommand['kind'], RestJobName> = {
  create: 'rest.create',
  update: 'rest.update',
  reschedule: 'rest.reschedule',
  cancel: 'rest.cancel',
};

/**
 * REST writes take the same road as messages: one inbox row per X-Request-Id (required here, it is what
 * makes a retry safe), a job, the worker's transaction, and the answer read back from the database.
 */
@Injectable()
export class AppointmentWriteService {
  constructor(
    private readonly submitter: InboxSubmitter,
    private readonly reader: AppointmentReader,
  ) {}

  async write(req: Request, command: RestCommand): Promise<WriteAnswer> {
    const { requestId, correlationId } = parseTransactionIds(req.headers);
    const target = req.header('nhsd-target-identifier');
    const targetValue = target ? decodeBase64Json(target)?.value : undefined;
    const done = await this.submitter.submit({
      requestId,
      correlationId,
      bundleId: null,
      event: `rest.${command.kind}`,
      reason: null,
      jobName: JOB[command.kind],
      targetService: typeof targetValue === 'string' ? targetValue.slice(0, 64) : null,
      sourceEndpoint: null,
      auditHeaders: parseAuditHeaders(req.headers),
      body: JSON.stringify(command),
    });
    if (done.kind === 'outcome') return done;
    const { result } = done;
    if (result.status >= 400) {
      return {
        kind: 'outcome',
        status: result.status,
        outcome: result.outcome ?? outcomeOf(new RecError('REC_SERVER_ERROR', 'exception', 'The write failed')),
      };
    }
    const appointment = result.appointmentId ? await this.reader.read(result.appointmentId) : undefined;
    if (!appointment) throw new RecError('REC_SERVER_ERROR', 'exception', 'The written Appointment could not be read back');
    return { kind: 'appointment', appointment };
  }
}
