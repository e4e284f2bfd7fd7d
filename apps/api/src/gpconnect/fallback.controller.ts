import { SpineError, interactionsAt } from '@hub/gpconnect';
import { All, Controller, Req, SetMetadata, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { OwnSenderChecks } from '../http/sender-access.guard';
import { ROUTE_SURFACE } from '../rest/route-catalog';
import { gpcPath, GPC_ROOT } from './gpc-root';
import { SpineErrorFilter } from './spine-error.filter';

/**
 * Whatever reaches a GP Connect service root and no handler: an unknown path is 404 NO_RECORD_FOUND,
 * a known path with another verb 400 BAD_REQUEST (the spec's error table puts a wrong verb there), both
 * with an OperationOutcome (PTS Http.feature). Registered after every other GP Connect controller.
 */
@Controller(GPC_ROOT)
@SetMetadata(ROUTE_SURFACE, 'gpconnect-fallback')
@UseFilters(SpineErrorFilter)
@OwnSenderChecks()
export class GpcFallbackController {
  @All(['', '*path'])
  unknown(@Req() req: Request): never {
    const served = interactionsAt(gpcPath(req).path);
    if (served.length === 0) throw new SpineError('NO_RECORD_FOUND', 'No resource or operation is served at this path');
    const allow = [...new Set(served.map((i) => i.method))].join(', ');
    if (served.some((i) => i.method === req.method)) throw new SpineError('NOT_IMPLEMENTED', 'This interaction is not implemented yet');
    throw new SpineError('BAD_REQUEST', `${req.method} is not allowed here; allowed: ${allow}`, { headers: { Allow: allow } });
  }
}
