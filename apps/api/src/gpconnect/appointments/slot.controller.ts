import { DirectReader } from '@hub/appointment';
import { parseSlotSearch, toStu3Schedule, toStu3Slot } from '@hub/gpconnect';
import { Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { gpcContext } from '../gpc-context';
import { GpcController } from '../gpc-controller.decorator';
import { sendStu3 } from '../gpc-response';
import { SearchIncludes } from '../gpc-search-params.decorator';

/**
 * Search for free slots (GPCONNECT.md §3.1): free slots lying wholly inside the range that can still be
 * booked, their schedules, and what `_include:recurse` asks for; an empty searchset when none. No slot
 * carries an organisation restriction here, so every `searchFilter` combination matches every slot
 * (the availability-matching table of §3.1 with no restrictions configured).
 */
@GpcController('Slot')
export class GpcSlotController {
  constructor(private readonly reader: DirectReader) {}

  @Get()
  @SearchIncludes(['Slot:schedule', 'Schedule:actor:Practitioner', 'Schedule:actor:Location', 'Location:managingOrganization'])
  async search(@Req() req: Request, @Res() res: Response): Promise<void> {
    const search = parseSlotSearch(req.query);
    const { slots, schedules } = await this.reader.freeSlots(search.from, search.to, new Date().toISOString());
    const entry: fhir3.BundleEntry[] = [
      ...slots.map((s) => ({ resource: toStu3Slot(s) })),
      ...schedules.map((s) => ({ resource: toStu3Schedule(s, slots) })),
    ];
    const bundle: fhir3.Bundle = { resourceType: 'Bundle', meta: { lastUpdated: new Date().toISOString() }, type: 'searchset', entry };
    sendStu3(req, res, 200, bundle, gpcContext(req).format);
  }
}
