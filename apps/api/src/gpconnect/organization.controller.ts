import { DirectoryReader, type DirectoryRecord } from '@hub/appointment';
import { GpcSystems, SpineError, contentVersion, identifierParam, stu3Searchset, toStu3Organization } from '@hub/gpconnect';
import { Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SearchParams } from '../rest/search-params.decorator';
import { gpcContext } from './gpc-context';
import { GpcController } from './gpc-controller.decorator';
import { sendStu3 } from './gpc-response';

function view(row: DirectoryRecord<fhir4.Organization>): fhir3.Organization {
  return toStu3Organization({ id: row.id, versionId: contentVersion(row.resource), resource: row.resource });
}

/** Foundations: find and read an organisation published through `/admin/availability`. */
@GpcController('Organization')
export class GpcOrganizationController {
  constructor(private readonly directory: DirectoryReader) {}

  @Get()
  @SearchParams([{ name: 'identifier', type: 'token', documentation: 'ODS code (https://fhir.nhs.uk/Id/ods-organization-code|A20047)' }])
  async search(@Query('identifier') identifier: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ods = identifierParam(identifier, GpcSystems.odsOrganization);
    const row = await this.directory.organization({ odsCode: ods.toUpperCase() });
    sendStu3(req, res, 200, stu3Searchset(row ? [view(row)] : []), gpcContext(req).format);
  }

  @Get(':id')
  async read(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.directory.organization({ id });
    if (!row) throw new SpineError('ORGANISATION_NOT_FOUND', 'No organisation with this id');
    const org = view(row);
    sendStu3(req, res, 200, org, gpcContext(req).format, { versionId: org.meta?.versionId });
  }
}
