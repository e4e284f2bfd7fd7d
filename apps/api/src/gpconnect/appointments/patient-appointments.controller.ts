import { DirectReader } from '@hub/appointment';
import { SpineError, parseAppointmentRange, toStu3Appointment } from '@hub/gpconnect';
import { Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { gpcContext } from '../gpc-context';
import { GpcController } from '../gpc-controller.decorator';
import { sendStu3 } from '../gpc-response';

const HUB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Retrieve a patient's appointments (GPCONNECT.md §3.6): every appointment of the patient starting in the
 * range, cancelled ones and those booked through BaRS included, as a searchset without `fullUrl`.
 */
@GpcController('Patient')
export class GpcPatientAppointmentsController {
  constructor(private readonly reader: DirectReader) {}

  @Get(':id/Appointment')
  async retrieve(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!HUB_ID.test(id) || !(await this.reader.patientExists(id))) throw new SpineError('PATIENT_NOT_FOUND', 'No patient with this id');
    const { from, to } = parseAppointmentRange(req.query, Date.now());
    const appointments = await this.reader.ofPatient(id, from, to);
    const bundle: fhir3.Bundle = {
      resourceType: 'Bundle',
      meta: { lastUpdated: new Date().toISOString() },
      type: 'searchset',
      total: appointments.length,
      entry: appointments.map((a) => ({ resource: toStu3Appointment(a) })),
    };
    sendStu3(req, res, 200, bundle, gpcContext(req).format);
  }
}
