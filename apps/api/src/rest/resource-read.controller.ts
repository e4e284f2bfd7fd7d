import { ResourceReader, type ReadableType } from '@hub/appointment';
import { HubConfig } from '@hub/config';
import { RecError } from '@hub/fhir';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendFhir } from '../http/fhir-response';
import { checkNegotiation, checkOptionalIds, UUID } from './fhir-request';

/**
 * `GET /Slot/{id}`, `/Schedule/{id}`, `/HealthcareService/{id}`, `/Patient/{id}`: the stored resources the
 * hub's answers link to. Same access rules as `GET /Appointment/{id}` (the global sender guard: mutual
 * TLS when configured, an allowed sender organisation within its rate; docs/decisions.md "Reading the
 * resources the hub links to"), same negotiation, same answers: 400 `value` for an id that is not a UUID,
 * 404 `not-found` for one the hub does not hold.
 */
@Controller()
export class ResourceReadController {
  constructor(
    private readonly reader: ResourceReader,
    private readonly config: HubConfig,
  ) {}

  private async send(type: ReadableType, id: string, req: Request, res: Response): Promise<void> {
    checkNegotiation(req, this.config.supportedCoreMajors);
    checkOptionalIds(req.headers);
    if (!UUID.test(id)) throw RecError.badRequest('value', `The ${type} id must be a UUID`);
    const resource = await this.reader.read(type, id.toLowerCase());
    if (!resource) throw RecError.notFound(`No ${type} with this id`);
    if (resource.meta?.lastUpdated) res.setHeader('Last-Modified', new Date(resource.meta.lastUpdated).toUTCString());
    sendFhir(res, 200, resource);
  }

  @Get('Slot/:id')
  slot(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send('Slot', id, req, res);
  }

  @Get('Schedule/:id')
  schedule(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send('Schedule', id, req, res);
  }

  @Get('HealthcareService/:id')
  service(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send('HealthcareService', id, req, res);
  }

  @Get('Patient/:id')
  patient(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send('Patient', id, req, res);
  }
}
