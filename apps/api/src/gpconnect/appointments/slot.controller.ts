import { DirectReader, DirectoryReader, type FreeSlots } from '@hub/appointment';
import { HubConfig } from '@hub/config';
import {
  contentVersion,
  parseSlotSearch,
  stu3Searchset,
  toStu3Location,
  toStu3Organization,
  toStu3Practitioner,
  toStu3Schedule,
  toStu3Slot,
  type SlotSearch,
} from '@hub/gpconnect';
import { Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { gpcContext } from '../gpc-context';
import { GpcController } from '../gpc-controller.decorator';
import { sendStu3 } from '../gpc-response';
import { SearchIncludes } from '../gpc-search-params.decorator';

const version = <T>(row: { id: string; resource: T }): { id: string; versionId: string; resource: T } => ({
  id: row.id,
  versionId: contentVersion(row.resource),
  resource: row.resource,
});

/**
 * Search for free slots (GPCONNECT.md §3.1): free slots of the service root's organisation lying wholly
 * inside the range that can still be booked, their schedules, the practitioners and locations
 * `_include:recurse` asks for, and the organisation whenever a slot is returned; an empty searchset when
 * none. No slot carries an organisation restriction here, so every `searchFilter` combination matches
 * every slot (the availability-matching table of §3.1 with no restrictions configured).
 */
@GpcController('Slot')
export class GpcSlotController {
  constructor(
    private readonly reader: DirectReader,
    private readonly directory: DirectoryReader,
    private readonly config: HubConfig,
  ) {}

  @Get()
  @SearchIncludes(['Slot:schedule', 'Schedule:actor:Practitioner', 'Schedule:actor:Location', 'Location:managingOrganization'])
  async search(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { ods, format } = gpcContext(req);
    const search = parseSlotSearch(req.query);
    const found = await this.ofOrganisation(ods, await this.reader.freeSlots(search.from, search.to, new Date().toISOString()));
    sendStu3(req, res, 200, stu3Searchset(await this.resources(ods, found, search)), format);
  }

  /**
   * The slots of the organisation at the service root: those whose schedule's location it manages. The
   * hub's own ODS code, when no Organization was published for it, serves every slot.
   */
  private async ofOrganisation(ods: string, found: FreeSlots): Promise<FreeSlots & { locations: Map<string, string | null> }> {
    const org = await this.directory.organization({ odsCode: ods });
    const locations = new Map<string, string | null>();
    for (const id of new Set(found.schedules.map((s) => s.locationId).filter((l): l is string => !!l))) {
      locations.set(id, (await this.directory.location(id))?.organizationId ?? null);
    }
    if (!org && ods === this.config.HUB_ODS_CODE) return { ...found, locations };
    const mine = (s: FreeSlots['schedules'][number]): boolean => !!org && !!s.locationId && locations.get(s.locationId) === org.id;
    const schedules = found.schedules.filter(mine);
    const slots = found.slots.filter((slot) => schedules.some((s) => s.id === slot.scheduleId));
    return { slots, schedules, locations };
  }

  private async resources(
    ods: string,
    found: FreeSlots & { locations: Map<string, string | null> },
    search: SlotSearch,
  ): Promise<fhir3.FhirResource[]> {
    const out: fhir3.FhirResource[] = found.slots.map((s) => toStu3Slot(s));
    if (found.slots.length === 0) return out;
    for (const s of found.schedules) {
      const role = s.practitionerId ? (await this.reader.practitionerRoles(s.practitionerId))[0]?.resource.code?.[0] : undefined;
      out.push(toStu3Schedule(s, found.slots, role));
    }
    if (search.includePractitioner) {
      for (const id of new Set(found.schedules.map((s) => s.practitionerId).filter((p): p is string => !!p))) {
        const row = await this.directory.practitioner({ id });
        if (row) out.push(toStu3Practitioner(version(row)));
      }
    }
    if (search.includeLocation) {
      for (const id of found.locations.keys()) {
        const row = await this.directory.location(id);
        if (row) out.push(toStu3Location(version(row), row.organizationId));
      }
    }
    // "Organization always present when ≥1 slot is returned, whether or not the include was sent" (§3.1).
    const orgIds = new Set([...found.locations.values()].filter((o): o is string => !!o));
    const orgs = await Promise.all([...orgIds].map((id) => this.directory.organization({ id })));
    const root = orgs.length === 0 ? await this.directory.organization({ odsCode: ods }) : null;
    for (const row of [...orgs, root]) if (row) out.push(toStu3Organization(version(row)));
    return out;
  }
}
