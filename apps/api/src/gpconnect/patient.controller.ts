import { DirectoryReader, type DirectoryRecord } from '@hub/appointment';
import { isValidNhsNumber } from '@hub/fhir';
import { GpcSystems, SpineError, identifierParam, toStu3Patient } from '@hub/gpconnect';
import { Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SearchParams } from '../rest/search-params.decorator';
import { GpcController } from './gpc-controller.decorator';
import { sendFound, sendRead, versioned } from './gpc-directory-answer';

const view = (row: DirectoryRecord<fhir4.Patient>): fhir3.Patient => toStu3Patient(versioned(row));

/**
 * Foundations: find and read a patient. The hub's patients are those it learned from bookings (BaRS or
 * GP Connect) and those registered by `POST /admin/patients`.
 */
@GpcController('Patient')
export class GpcPatientController {
  constructor(private readonly directory: DirectoryReader) {}

  @Get()
  @SearchParams([{ name: 'identifier', type: 'token', documentation: 'NHS Number (https://fhir.nhs.uk/Id/nhs-number|9658218865)' }])
  async search(@Query('identifier') identifier: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const nhs = identifierParam(identifier, GpcSystems.nhsNumber, 'INVALID_NHS_NUMBER');
    if (!isValidNhsNumber(nhs))
      throw new SpineError('INVALID_NHS_NUMBER', 'The NHS number is not valid (ten digits with a modulus-11 check digit)');
    const row = await this.directory.patient({ nhsNumber: nhs });
    sendFound(req, res, row ? view(row) : undefined);
  }

  @Get(':id')
  async read(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.directory.patient({ id });
    sendRead(req, res, row ? view(row) : undefined, () => new SpineError('PATIENT_NOT_FOUND', 'No patient with this id'));
  }
}
