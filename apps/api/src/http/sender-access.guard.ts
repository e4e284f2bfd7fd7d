import { HubConfig } from '@hub/config';
import { RecError } from '@hub/fhir';
import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { TLSSocket } from 'node:tls';
import { SenderAccess } from './sender-access';

/** Paths for operators, not senders: their own token guards admin; probes must work without a certificate. */
const NOT_SENDERS = /^\/(admin|health|metrics)(\/|$)/;

const OWN_SENDER_CHECKS = 'hub:own-sender-checks';

/**
 * Marks a controller whose surface identifies its senders itself (not by NHSD-End-User-Organisation):
 * mutual TLS still applies to it; the BaRS allow-list and rate limit do not.
 */
export const OwnSenderChecks = (): ClassDecorator & MethodDecorator => SetMetadata(OWN_SENDER_CHECKS, true);

/**
 * Transport and access control for every sender-facing route: with mutual TLS on, a request without a
 * trusted client certificate is 403 REC_FORBIDDEN (BARS.md §6 step 1); then the sender's organisation
 * must be allowed and within its rate. `$process-message` checks access itself, after the transaction
 * ids, as §6 orders it.
 */
@Injectable()
export class SenderAccessGuard implements CanActivate {
  constructor(
    private readonly access: SenderAccess,
    private readonly config: HubConfig,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    if (NOT_SENDERS.test(req.path)) return true;
    if (this.config.TLS_CA !== undefined && !(req.socket as TLSSocket).authorized) {
      throw new RecError('REC_FORBIDDEN', 'forbidden', 'A client certificate issued by a trusted authority is required (mutual TLS)');
    }
    if (this.reflector.getAllAndOverride<boolean | undefined>(OWN_SENDER_CHECKS, [context.getHandler(), context.getClass()])) return true;
    if (req.path !== '/$process-message') await this.access.check(req.headers);
    return true;
  }
}
