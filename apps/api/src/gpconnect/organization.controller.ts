import { DirectoryReader, type DirectoryRecord } from '@hub/appointment';
import { GpcSystems, SpineError, identifierParam, toStu3Organization } from '@hub/gpconnect';
import { Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SearchParams } from '../rest/search-params.decorator';
import { GpcController } from './gpc-controller.decorator';
import { sendFound, sendRead, versioned } from './gpc-directory-answer';

const view = (row: DirectoryRecord<fhir4.Organization>): fhir3.Organization => toStu3Organization(versioned(row));

/** Foundations: find and read an organisation published through `/admin/availability`. */
@GpcController('Organization')
export class GpcOrganizationController {
  constructor(private readonly directory: DirectoryReader) {}

  @Get()
  @SearchParams([{ name: 'identifier', type: 'token', documentation: 'ODS code (https://fhir.nhs.uk/Id/ods-organization-code|A20047)' }])
  async search(@Query('identifier') identifier: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ods = identifierParam(identifier, GpcSystems.odsOrganization);
    const row = await this.directory.organization({ odsCode: ods.toUpperCase() });
    sendFound(req, res, row ? view(row) : undefined);
  }

  @Get(':id')
  async read(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.directory.organization({ id });
    sendRead(req, res, row ? view(row) : undefined, () => new SpineError('ORGANISATION_NOT_FOUND', 'No organisation with this id'));
  }
}
