import { HubConfig } from '@hub/config';
import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendFhir } from '../http/fhir-response';
import { capabilityStatement } from './capability-statement';
import { checkNegotiation, checkOptionalIds } from './fhir-request';
import { RouteCatalog } from './route-catalog';

@Controller('metadata')
export class MetadataController {
  constructor(
    private readonly catalog: RouteCatalog,
    private readonly config: HubConfig,
  ) {}

  /** NHSD-Target-Identifier is optional here (BARS.md §1.3). */
  @Get()
  read(@Req() req: Request, @Res() res: Response): void {
    checkNegotiation(req, this.config.supportedCoreMajors);
    checkOptionalIds(req.headers);
    sendFhir(res, 200, capabilityStatement(this.catalog.all(), this.config.publicBaseUrl));
  }
}
