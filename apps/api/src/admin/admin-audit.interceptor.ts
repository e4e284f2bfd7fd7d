import { HubConfig } from '@hub/config';
import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { Request } from 'express';
import { type Observable, tap } from 'rxjs';

/** What an action returned that says what it did, without patient data (counts and states only). */
function outcomeOf(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const key of ['retried', 'state', 'paused', 'status']) if (typeof b[key] !== 'object' && b[key] !== undefined) picked[key] = b[key];
  return picked;
}

/**
 * One log line per admin action (every admin request that is not a read): who (ADMIN_TOKEN_LABEL), what
 * (method and route), which ids (the route's parameters), and how it ended. Reads are not actions and are
 * left to the request log. Failed actions are logged too, with the status they were refused with.
 */
@Injectable()
export class AdminAuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('admin');

  constructor(private readonly config: HubConfig) {}

  /** The status the handler answers with (its `@HttpCode`, else Nest's default), known before it is sent. */
  private statusOf(context: ExecutionContext, method: string): number {
    const declared: unknown = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler());
    return typeof declared === 'number' ? declared : method === 'POST' ? 201 : 200;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method === 'GET' || req.method === 'HEAD') return next.handle();
    const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
    const line = (status: number, result: Record<string, unknown>): string =>
      JSON.stringify({ who: this.config.ADMIN_TOKEN_LABEL, action: `${req.method} ${route}`, ids: { ...req.params }, status, ...result });
    return next.handle().pipe(
      tap({
        next: (body) => this.logger.log(`admin action ${line(this.statusOf(context, req.method), outcomeOf(body))}`),
        error: (e: { status?: number }) => this.logger.warn(`admin action refused ${line(e.status ?? 500, {})}`),
      }),
    );
  }
}
