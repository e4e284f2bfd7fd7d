import { RecError } from '@hub/fhir';
import { SpineError, spineOutcome } from '@hub/gpconnect';
import { isTransientInfrastructureError } from '@hub/persistence';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { negotiatedFormat, sendStu3 } from './gpc-response';

const logger = new Logger('GpConnectErrors');

/** Errors raised outside this surface's code (Nest, Express, shared guards) in Spine terms. */
function toSpineError(exception: unknown): SpineError {
  if (exception instanceof SpineError) return exception;
  if (exception instanceof RecError) {
    // The shared transport checks (mutual TLS, sender access) speak BaRS; say the same in Spine codes.
    if (exception.status === 401 || exception.status === 403) return new SpineError('ACCESS DENIED', exception.diagnostics);
    if (exception.status === 404) return new SpineError('NO_RECORD_FOUND', exception.diagnostics);
    if (exception.status === 503)
      return new SpineError('INTERNAL_SERVER_ERROR', exception.diagnostics, { status: 503, headers: { ...exception.headers } });
    if (exception.status < 500)
      return new SpineError('BAD_REQUEST', exception.diagnostics, { status: exception.status, headers: { ...exception.headers } });
    return new SpineError('INTERNAL_SERVER_ERROR', exception.diagnostics);
  }
  if (exception instanceof HttpException) {
    return exception.getStatus() === 404
      ? new SpineError('NO_RECORD_FOUND', 'No resource or operation is served at this path')
      : new SpineError('BAD_REQUEST', 'The request is malformed');
  }
  if (isTransientInfrastructureError(exception)) {
    logger.warn(`infrastructure unavailable: ${(exception as Error).message}`);
    return new SpineError('INTERNAL_SERVER_ERROR', 'The provider is temporarily unavailable; retry later', {
      status: 503,
      headers: { 'Retry-After': '5' },
    });
  }
  const e = exception as Error;
  logger.error(`unhandled ${e?.name ?? typeof exception}: ${e?.message ?? ''}`);
  return new SpineError('INTERNAL_SERVER_ERROR', 'The provider failed to process the request');
}

/**
 * Sends an error as a GPConnect-OperationOutcome-1, in XML when the consumer asked for XML (JSON when
 * the format itself is what was wrong).
 */
export function sendSpineError(req: Request, res: Response, error: SpineError): void {
  if (res.headersSent) return;
  let format: 'json' | 'xml' = 'json';
  try {
    format = negotiatedFormat(req);
  } catch {
    // The asked-for format is the error being reported: answer in JSON.
  }
  for (const [k, v] of Object.entries(error.headers)) res.setHeader(k, v);
  // An error is never "minimal": the consumer must see why.
  sendStu3(req, res, error.status, spineOutcome(error), format, { allowMinimal: false });
}

/**
 * Every error on the GP Connect surface leaves as a GPConnect-OperationOutcome-1 with one Spine
 * `details.coding` and the status of §2 of GPCONNECT.md: never a stack trace, never patient data.
 */
@Catch()
export class SpineErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendSpineError(http.getRequest<Request>(), http.getResponse<Response>(), toSpineError(exception));
  }
}
