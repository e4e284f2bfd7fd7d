import { PatientRegistry } from '@hub/appointment';
import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { sendFhir } from '../http/fhir-response';
import { AdminTokenGuard } from './admin-token.guard';

@Controller('admin')
@UseGuards(AdminTokenGuard)
export class PatientAdminController {
  constructor(private readonly patients: PatientRegistry) {}

  /**
   * Registers patients (an R4 Bundle of Patient with NHS numbers), upserted by NHS number; the answer
   * lists the stored resources with their hub ids, which GP Connect serves at `/Patient/{id}`.
   */
  @Post('patients')
  async register(@Body() body: unknown, @Res() res: Response): Promise<void> {
    sendFhir(res, 200, await this.patients.register(body));
  }
}
