import { HubConfig } from '@hub/config';
import { SpineError, checkJwt, interactionFor, interactionsAt } from '@hub/gpconnect';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { setGpcContext } from './gpc-context';
import { negotiatedFormat } from './gpc-response';
import { gpcPath } from './gpc-root';
import { GpcOrganizations } from './gpc-organizations';

/** Headers every GP Connect request carries (GPCONNECT.md §1.2); Node lower-cases names, so any case matches. */
const REQUIRED = ['ssp-traceid', 'ssp-from', 'ssp-to', 'ssp-interactionid', 'authorization'];

/**
 * The cross-cutting checks of GPCONNECT.md §1, in order: the surface is on (`GPC_ASID`), the path is a
 * GP Connect path exactly as written (case-sensitive, no trailing slash: Express matched it loosely),
 * the Spine headers, `Ssp-To`, the interaction ID against verb and path, the format, the JWT, and
 * finally the organisation of the service root.
 */
@Injectable()
export class GpcRequestGuard implements CanActivate {
  constructor(
    private readonly config: HubConfig,
    private readonly organizations: GpcOrganizations,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    if (this.config.GPC_ASID === undefined) throw new SpineError('NO_RECORD_FOUND', 'GP Connect is not enabled on this hub');
    const { ods, path } = gpcPath(req);
    if (interactionsAt(path).length === 0) throw new SpineError('NO_RECORD_FOUND', 'No resource or operation is served at this path');
    for (const name of REQUIRED) {
      const value = req.headers[name];
      if (typeof value !== 'string' || value.trim() === '') throw new SpineError('BAD_REQUEST', `The ${name} header is required`);
    }
    if (req.header('ssp-to')?.trim() !== this.config.GPC_ASID)
      throw new SpineError('BAD_REQUEST', 'Ssp-To is not the ASID of this provider');
    const interaction = interactionFor(req.method === 'HEAD' ? 'GET' : req.method, path, req.header('ssp-interactionid') ?? '');
    if (!interaction) throw new SpineError('BAD_REQUEST', 'Ssp-InteractionID does not match the request verb and path');
    const format = negotiatedFormat(req);
    const claims = checkJwt(req.header('authorization') ?? '', interaction, Math.floor(Date.now() / 1000));
    if (!(await this.organizations.isHosted(ods)))
      throw new SpineError('ORGANISATION_NOT_FOUND', 'No organisation with this ODS code is hosted here');
    setGpcContext(req, { ods, interaction, claims, format });
    return true;
  }
}
