import { DirectoryReader, type DirectoryRecord } from '@hub/appointment';
import { GpcSystems, SpineError, identifierParam, toStu3Practitioner } from '@hub/gpconnect';
import { Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SearchParams } from '../rest/search-params.decorator';
import { GpcController } from './gpc-controller.decorator';
import { sendFound, sendRead, versioned } from './gpc-directory-answer';

const view = (row: DirectoryRecord<fhir4.Practitioner>): fhir3.Practitioner => toStu3Practitioner(versioned(row));

/** Foundations: find and read a practitioner published through `/admin/availability`. */
@GpcController('Practitioner')
export class GpcPractitionerController {
  constructor(private readonly directory: DirectoryReader) {}

  @Get()
  @SearchParams([{ name: 'identifier', type: 'token', documentation: 'SDS user id (https://fhir.nhs.uk/Id/sds-user-id|G13579135)' }])
  async search(@Query('identifier') identifier: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const sds = identifierParam(identifier, GpcSystems.sdsUser);
    const row = await this.directory.practitioner({ sdsUserId: sds });
    sendFound(req, res, row ? view(row) : undefined);
  }

  @Get(':id')
  async read(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.directory.practitioner({ id });
    sendRead(req, res, row ? view(row) : undefined, () => new SpineError('PRACTITIONER_NOT_FOUND', 'No practitioner with this id'));
  }
}
