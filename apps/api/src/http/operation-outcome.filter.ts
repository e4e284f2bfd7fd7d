import { RecError, outcomeOf, type IssueType, type RecCode } from '@hub/fhir';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { isTransientInfrastructureError } from '@hub/persistence';
import type { Request, Response } from 'express';
import { RouteCatalog } from '../rest/route-catalog';
import { sendFhir } from './fhir-response';

/** Errors Express and Nest raise before our code runs, mapped to the BaRS code a sender understands. */
function fromHttpException(e: HttpException): RecError {
  const status = e.getStatus();
  const type = (e.cause as { type?: string } | undefined)?.type ?? (e as { type?: string }).type;
  const table: Record<number, [RecCode, IssueType, string]> = {
    400: [
      'REC_BAD_REQUEST',
      'structure',
      type === 'entity.parse.failed' ? 'The request body is not valid JSON' : 'The request is malformed',
    ],
    401: ['REC_UNAUTHORIZED', 'security', 'Authorisation is required'],
    403: ['REC_FORBIDDEN', 'forbidden', 'Access to this resource is forbidden'],
    404: ['REC_NOT_FOUND', 'not-found', 'No resource or operation is served at this path'],
    405: ['REC_METHOD_NOT_ALLOWED', 'not-supported', 'This method is not allowed at this path'],
    413: ['REC_BAD_REQUEST', 'too-costly', 'The request body is larger than this receiver accepts'],
    415: ['REC_BAD_REQUEST', 'not-supported', 'The request body must be application/fhir+json'],
  };
  const [code, issue, diagnostics] = table[status] ?? ['REC_SERVER_ERROR', 'exception', 'The request could not be processed'];
  return new RecError(code, issue, diagnostics);
}

/**
 * A body that does not match its Content-Encoding: body-parser passes zlib's error on with status 400 and
 * no `type`.
 */
function isUndecodableBody(e: unknown): boolean {
  const x = e as { status?: unknown; code?: unknown; expose?: unknown } | null;
  return typeof x === 'object' && x !== null && x.status === 400 && typeof x.code === 'string' && x.code.startsWith('Z_');
}

/** Errors raised by body-parser carry `status` and `type` but are not HttpExceptions. */
function isBodyParserError(e: unknown): e is { status: number; type: string } {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { type?: unknown }).type === 'string' &&
    typeof (e as { status?: unknown }).status === 'number'
  );
}

/**
 * Every error leaves the api as an OperationOutcome with a REC_* code: never a stack trace, never a
 * Nest default body. Unexpected errors are logged by class and message only (messages from our code
 * carry no patient data; driver messages are not echoed to the sender).
 */
@Catch()
export class OperationOutcomeFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly routes: RouteCatalog) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    let error: RecError;
    if (exception instanceof RecError) {
      error = exception;
    } else if (exception instanceof HttpException && exception.getStatus() === 404 && this.routes.allowed(req.path).length > 0) {
      // No route for this method, but the path is served: a wrong verb, not a missing resource.
      const allow = this.routes.allowed(req.path).join(', ');
      error = new RecError('REC_METHOD_NOT_ALLOWED', 'not-supported', `${req.method} is not allowed here; allowed: ${allow}`, {
        Allow: allow,
      });
    } else if (exception instanceof HttpException) {
      error = fromHttpException(exception);
    } else if (isUndecodableBody(exception)) {
      error = RecError.badRequest('invalid', 'The request body does not match its Content-Encoding (not valid gzip or deflate)');
    } else if (isBodyParserError(exception)) {
      error = fromHttpException(new HttpException({ type: exception.type }, exception.status, { cause: exception }));
    } else if (isTransientInfrastructureError(exception)) {
      this.logger.warn(`infrastructure unavailable: ${(exception as Error).message}`);
      error = new RecError('REC_SERVICE_UNAVAILABLE', 'transient', 'The receiver is temporarily unavailable; retry later', {
        'Retry-After': '5',
      });
    } else {
      const e = exception as Error;
      this.logger.error(`unhandled ${e?.name ?? typeof exception}: ${e?.message ?? ''}`);
      error = new RecError('REC_SERVER_ERROR', 'exception', 'The receiver failed to process the request; retry with the same X-Request-Id');
    }
    if (res.headersSent) return;
    for (const [k, v] of Object.entries(error.headers)) res.setHeader(k, v);
    sendFhir(res, error.status, outcomeOf(error));
  }
}
