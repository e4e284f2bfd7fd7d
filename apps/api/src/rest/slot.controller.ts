import {
  SlotSearchService,
  toLocationResource,
  toPractitionerResource,
  toPractitionerRoleResource,
  toScheduleResource,
  toServiceResource,
  toSlotResource,
} from '@hub/appointment';
import { HubConfig } from '@hub/config';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendFhir } from '../http/fhir-response';
import { checkNegotiation, checkOptionalIds } from './fhir-request';
import { pageLinks } from './paging';
import { SearchParams } from './search-params.decorator';
import { searchset } from './searchset';
import { parseSlotQuery } from './slot-query';

@Controller('Slot')
export class SlotController {
  constructor(
    private readonly slots: SlotSearchService,
    private readonly config: HubConfig,
  ) {}

  @Get()
  @SearchParams([
    { name: 'status', type: 'token', documentation: 'free, busy or free,busy; required' },
    { name: 'start', type: 'date', documentation: 'twice: ge<instant> and le<instant>; required' },
    { name: 'Schedule.actor:HealthcareService', type: 'reference', documentation: 'the service (DoS) id; required' },
    {
      name: '_include',
      type: 'special',
      documentation:
        'Slot:schedule, Schedule:actor:HealthcareService, Schedule:actor:Practitioner, Schedule:actor:PractitionerRole, Schedule:actor:Location, HealthcareService:location',
    },
    { name: '_count', type: 'number', documentation: 'page size, at most 2000 (the default); next/previous links page on' },
  ])
  async search(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    checkNegotiation(req, this.config.supportedCoreMajors);
    checkOptionalIds(req.headers);
    const { query: q, params, page } = parseSlotQuery(query, this.config.SLOT_SEARCH_MAX_DAYS);
    const found = await this.slots.search(q);
    const base = this.config.publicBaseUrl;
    const includes = [
      ...found.schedules.map(toScheduleResource),
      ...found.services.map(toServiceResource),
      ...found.practitioners.map(toPractitionerResource),
      ...found.practitionerRoles.map(toPractitionerRoleResource),
      ...found.locations.map(toLocationResource),
    ];
    const links = pageLinks(base, 'Slot', params, page, found.total);
    sendFhir(res, 200, searchset(base, links[0].url, found.slots.map(toSlotResource), includes, { total: found.total, links }));
  }
}
