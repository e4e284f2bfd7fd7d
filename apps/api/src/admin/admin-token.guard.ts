import { HubConfig } from '@hub/config';
import { RecError } from '@hub/fhir';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * `/admin` needs `Authorization: Bearer <ADMIN_TOKEN>`. With no token configured admin is off: every
 * call is refused, never let through. Tokens are compared as digests in constant time.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(config: HubConfig) {
    this.expected = config.ADMIN_TOKEN === undefined ? undefined : digest(config.ADMIN_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === undefined) {
      throw new RecError('REC_FORBIDDEN', 'forbidden', 'Administration is disabled on this hub (no ADMIN_TOKEN is configured)');
    }
    const header = context.switchToHttp().getRequest<Request>().header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match || !timingSafeEqual(digest(match[1]), this.expected)) {
      throw new RecError('REC_UNAUTHORIZED', 'security', 'A valid administrator bearer token is required', {
        'WWW-Authenticate': 'Bearer',
      });
    }
    return true;
  }
}
