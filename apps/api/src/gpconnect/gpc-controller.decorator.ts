import { Controller, SetMetadata, UseFilters, UseGuards, applyDecorators } from '@nestjs/common';
import { OwnSenderChecks } from '../http/sender-access.guard';
import { ROUTE_SURFACE } from '../rest/route-catalog';
import { GPC_ROOT } from './gpc-root';
import { GpcRequestGuard } from './gpc-request.guard';
import { SpineErrorFilter } from './spine-error.filter';

/**
 * A controller of the GP Connect surface: mounted under the service root, behind the §1 checks, with
 * Spine errors, and kept out of the BaRS CapabilityStatement (its routes are the `gpconnect` surface).
 * `path` is the resource type (`Patient`) or '' for handlers that name their full sub-path.
 */
export function GpcController(path: string): ClassDecorator {
  return applyDecorators(
    Controller(path === '' ? GPC_ROOT : `${GPC_ROOT}/${path}`),
    SetMetadata(ROUTE_SURFACE, 'gpconnect'),
    // Consumers are identified by Ssp-From and the JWT, not by BaRS headers; mutual TLS still applies.
    OwnSenderChecks(),
    UseGuards(GpcRequestGuard),
    UseFilters(SpineErrorFilter),
  );
}
