import { DirectReader, type AppointmentFacts, type DirectCommand } from '@hub/appointment';
import { SpineError } from '@hub/gpconnect';
import type { DirectJobName } from '@hub/messaging';
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
    // A repeat of a finished request (409 duplicate) carries what the first one wrote: answered as it was.
    if (done.written) {
      const facts = await this.reader.facts(done.written.appointment.id);
      if (!facts) throw new SpineError('INTERNAL_SERVER_ERROR', 'The written appointment could not be read back');
      return facts;
    }
    const diagnostics = done.outcome?.issue[0]?.diagnostics;
    // 408 (the worker is still at it) and 425 (a repeat of a request still in progress) keep their status.
    if (done.status === 408 || done.status === 425) {
      throw new SpineError('INTERNAL_SERVER_ERROR', 'The request is still being processed; retry with the same Ssp-TraceID', {
        status: done.status,
      });
    }
    throw (
      refusalError(done.refusal, diagnostics) ??
      new SpineError('INTERNAL_SERVER_ERROR', diagnostics ?? 'The request could not be processed', {
        status: done.status >= 400 ? done.status : 500,
      })
    );
  }
}
