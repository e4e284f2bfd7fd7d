import { AppointmentReader } from '@hub/appointment';
import { RecError } from '@hub/fhir';
import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { sendFhir } from '../http/fhir-response';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Controller('Appointment')
export class AppointmentController {
  constructor(private readonly reader: AppointmentReader) {}

  @Get(':id')
  async read(@Param('id') id: string, @Res() res: Response): Promise<void> {
    if (!UUID.test(id)) throw RecError.badRequest('value', 'The Appointment id must be a UUID');
    const appointment = await this.reader.read(id.toLowerCase());
    if (!appointment) throw RecError.notFound('No Appointment with this id');
    res.setHeader('ETag', `W/"${appointment.meta?.versionId ?? '1'}"`);
    if (appointment.meta?.lastUpdated) res.setHeader('Last-Modified', new Date(appointment.meta.lastUpdated).toUTCString());
    sendFhir(res, 200, appointment);
  }
}
