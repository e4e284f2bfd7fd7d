import { HubConfig } from '@hub/config';
import { gpcCapabilityStatement } from '@hub/gpconnect';
import { Get, Req, Res } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { RouteCatalog } from '../rest/route-catalog';
import { gpcContext } from './gpc-context';
import { GpcController } from './gpc-controller.decorator';
import { GPC_INCLUDES } from './gpc-search-params.decorator';
import { sendStu3 } from './gpc-response';
import { GPC_ROOT, serviceRoot } from './gpc-root';

const ROOT_PATH = `/${GPC_ROOT}`;

@GpcController('')
export class GpcMetadataController {
  constructor(
    private readonly catalog: RouteCatalog,
    private readonly config: HubConfig,
    private readonly reflector: Reflector,
  ) {}

  /** `GET /metadata`: generated from the GP Connect routes this api serves. */
  @Get('metadata')
  read(@Req() req: Request, @Res() res: Response): void {
    const { ods, format } = gpcContext(req);
    const routes = this.catalog
      .all('gpconnect')
      .filter((r) => r.path.startsWith(`${ROOT_PATH}/`))
      .map((r) => ({
        ...r,
        path: r.path.slice(ROOT_PATH.length),
        searchIncludes: this.reflector.get<string[] | undefined>(GPC_INCLUDES, r.handler as () => void),
      }));
    const root = serviceRoot(this.config.publicBaseUrl, ods);
    sendStu3(req, res, 200, gpcCapabilityStatement(routes, root, process.env.npm_package_version ?? '0.1.0'), format);
  }
}
