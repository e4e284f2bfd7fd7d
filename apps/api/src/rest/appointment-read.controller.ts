import { AppointmentReader } from '@hub/appointment';
import { HubConfig } from '@hub/config';
import { RecError, type Appointment } from '@hub/fhir';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendFhir } from '../http/fhir-response';
import { parseAppointmentQuery } from './appointment-query';
import { appointmentId, checkNegotiation, checkOptionalIds } from './fhir-request';
import { pageLinks } from './paging';
import { SearchParams } from './search-params.decorator';
import { historyBundle, searchset } from './searchset';

/** Sends an Appointment with its version headers. */
export function sendAppointment(res: Response, status: number, appointment: Appointment): void {
  res.setHeader('ETag', `W/"${appointment.meta?.versionId ?? '1'}"`);
  if (appointment.meta?.lastUpdated) res.setHeader('Last-Modified', new Date(appointment.meta.lastUpdated).toUTCString());
  sendFhir(res, status, appointment);
}

@Controller('Appointment')
export class AppointmentReadController {
  constructor(
    private readonly reader: AppointmentReader,
    private readonly config: HubConfig,
  ) {}

  private check(req: Request): void {
    checkNegotiation(req, this.config.supportedCoreMajors);
    checkOptionalIds(req.headers);
  }

  @Get()
  @SearchParams([
    { name: 'patient:identifier', type: 'token', documentation: 'https://fhir.nhs.uk/Id/nhs-number|<NHS number>' },
    { name: 'patient:name', type: 'string', documentation: 'with patient:birthdate and patient:address-postalcode' },
    { name: 'patient:birthdate', type: 'date' },
    { name: 'patient:address-postalcode', type: 'string' },
    { name: '_id', type: 'token' },
    { name: 'date', type: 'date' },
    { name: '_count', type: 'number', documentation: 'page size, at most 100 (the default); next/previous links page on' },
  ])
  async search(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.check(req);
    const { query: q, params, page } = parseAppointmentQuery(query);
    const found = await this.reader.searchPage(q);
    const base = this.config.publicBaseUrl;
    const links = pageLinks(base, 'Appointment', params, page, found.total);
    sendFhir(res, 200, searchset(base, links[0].url, found.appointments, [], { total: found.total, links }));
  }

  @Get(':id')
  async read(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.check(req);
    const appointment = await this.reader.read(appointmentId(id));
    if (!appointment) throw RecError.notFound('No Appointment with this id');
    sendAppointment(res, 200, appointment);
  }

  @Get(':id/_history')
  async history(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.check(req);
    const versions = await this.reader.history(appointmentId(id));
    const base = this.config.publicBaseUrl;
    sendFhir(res, 200, historyBundle(base, `${base}/Appointment/${id}/_history`, 'Appointment', id, versions));
  }

  @Get(':id/_history/:vid')
  async version(@Param('id') id: string, @Param('vid') vid: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.check(req);
    if (!/^\d+$/.test(vid)) throw RecError.badRequest('value', 'The version id must be a number');
    sendAppointment(res, 200, await this.reader.version(appointmentId(id), Number(vid)));
  }
}
