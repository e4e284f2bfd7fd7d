import { HostedServices } from '@hub/appointment';
import { HubConfig } from '@hub/config';
import { RecError, Systems, normaliseSystem, splitToken, type MessageDefinition } from '@hub/fhir';
import { bookingDefinitions } from '@hub/message';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendFhir } from '../http/fhir-response';
import { checkNegotiation, checkOptionalIds, queryList } from './fhir-request';
import { SearchParams } from './search-params.decorator';
import { searchset } from './searchset';

@Controller('MessageDefinition')
export class MessageDefinitionController {
  constructor(
    private readonly hosted: HostedServices,
    private readonly config: HubConfig,
  ) {}

  /** `context=<dos-service-id system>|<id>` and/or `context=<usecases system>|<code>` (BARS.md §3). */
  @Get()
  @SearchParams([{ name: 'context', type: 'token', documentation: 'dos-service-id|<id> and usecases-categories-bars|<code>; required' }])
  async search(@Query('context') context: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    checkNegotiation(req, this.config.supportedCoreMajors);
    checkOptionalIds(req.headers);
    const tokens = queryList(context).map((c) => splitToken(c));
    if (tokens.length === 0) throw RecError.badRequest('required', 'The context parameter is required (system|value)');
    if (tokens.some((t) => t === undefined)) throw RecError.badRequest('value', 'Each context must be system|value');
    const service = tokens.find((t) => normaliseSystem(t!.system) === normaliseSystem(Systems.dosServiceId));
    const useCase = tokens.find((t) => normaliseSystem(t!.system) === normaliseSystem(Systems.useCases))?.value.toLowerCase();
    const hosted = service ? await this.hosted.find(service.value) : undefined;
    const fits =
      (!service || hosted !== undefined) && (!useCase || !hosted || hosted.useCases.length === 0 || hosted.useCases.includes(useCase));
    if (!fits || (!service && !useCase)) throw RecError.notFound('No MessageDefinition this receiver supports matches the context');
    const definitions: MessageDefinition[] = bookingDefinitions().map((d) => ({
      resourceType: 'MessageDefinition',
      id: d.url.split('/').pop(),
      url: d.url,
      version: '1.0.0',
      status: 'active',
      date: '2021-10-11',
      eventCoding: { system: Systems.messageEvents, code: 'booking-request' },
      focus: d.focus.map((f) => ({ ...f, code: f.code as fhir4.MessageDefinitionFocus['code'] })),
    }));
    const self = `${this.config.publicBaseUrl}${req.originalUrl}`;
    sendFhir(res, 200, searchset(this.config.publicBaseUrl, self, definitions));
  }
}
