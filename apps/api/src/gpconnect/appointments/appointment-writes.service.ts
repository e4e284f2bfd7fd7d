import { DirectReader, type AppointmentFacts, type DirectCommand } from '@hub/appointment';
import { SpineError } from '@hub/gpconnect';
import { InboxService } from '@hub/inbox';
import type { DirectJobName, InboundJobResult } from '@hub/messaging';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { InboxSubmitter } from '../../fhir/inbox-submitter';
import { refusalError } from './refusal-codes';

const JOB: Record<DirectCommand['kind'], DirectJobName> = {
  'book-slots': 'gpc.book',
  'amend-text': 'gpc.amend',
  'cancel-with-reason': 'gpc.cancel',
};

/**
 * GP Connect writes take the road every write takes: one inbox row per Ssp-TraceID (the retry key), a
 * job with ids only, the worker's transaction, and the answer read back from what was stored. A repeat
 * of a finished request is answered as the first one was, never done again.
 */
@Injectable()
export class GpcAppointmentWrites {
  constructor(
    private readonly submitter: InboxSubmitter,
    private readonly inbox: InboxService,
    private readonly reader: DirectReader,
  ) {}

  async write(req: Request, command: DirectCommand): Promise<AppointmentFacts> {
    const traceId = (req.header('ssp-traceid') ?? '').trim().slice(0, 64);
    const done = await this.submitter.submit({
      requestId: traceId,
      correlationId: traceId,
      bundleId: null,
      event: JOB[command.kind],
      reason: null,
      jobName: JOB[command.kind],
      targetService: null,
      sourceEndpoint: req.header('ssp-from')?.slice(0, 255) ?? null,
      auditHeaders: { sspFrom: req.header('ssp-from'), sspInteractionId: req.header('ssp-interactionid') },
      body: JSON.stringify(command),
    });
    const result: InboundJobResult | undefined = done.kind === 'result' ? done.result : await this.repeated(traceId, done.status);
    if (result === undefined) {
      const status = done.kind === 'outcome' ? done.status : 500;
      // 408 (the worker is still at it) and 425 (a repeat of a request still in progress) keep their status.
      const pending = status === 408 || status === 425;
      const diagnostics = pending
        ? 'The request is still being processed; retry with the same Ssp-TraceID'
        : done.kind === 'outcome'
          ? done.outcome.issue[0]?.diagnostics
          : undefined;
      throw new SpineError('INTERNAL_SERVER_ERROR', diagnostics ?? 'The request could not be processed', { status });
    }
    if (result.status >= 400) {
      throw (
        refusalError(result.refusal, result.outcome?.issue[0]?.diagnostics) ??
        new SpineError('INTERNAL_SERVER_ERROR', 'The provider failed to process the request')
      );
    }
    const facts = result.appointmentId ? await this.reader.facts(result.appointmentId) : undefined;
    if (!facts) throw new SpineError('INTERNAL_SERVER_ERROR', 'The written appointment could not be read back');
    return facts;
  }

  /** The stored answer of a request already made with this Ssp-TraceID, if it is finished. */
  private async repeated(traceId: string, status: number): Promise<InboundJobResult | undefined> {
    if (status !== 409 && status < 400) return undefined;
    const row = await this.inbox.findByRequestId(traceId);
    if (!row || (row.state !== 'done' && row.state !== 'failed')) return undefined;
    if (!row.jobName.startsWith('gpc.')) throw new SpineError('BAD_REQUEST', 'This Ssp-TraceID was already used by another request');
    return { status: row.responseStatus ?? 500, ...row.response };
  }
}
