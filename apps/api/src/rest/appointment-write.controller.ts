import { HubConfig } from '@hub/config';
import { RecError, asArray, nhsNumberIn, type Appointment, type Patient } from '@hub/fhir';
import { Body, Controller, Delete, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { sendFhir } from '../http/fhir-response';
import { appointmentBody, rescheduleSlot } from './appointment-body';
import { sendAppointment } from './appointment-read.controller';
import { AppointmentWriteService, type WriteAnswer } from './appointment-write.service';
import { appointmentId, checkNegotiation, parseIfMatch } from './fhir-request';

/** Every NHS number a new Appointment names is a valid one (400 `value` otherwise), before it is queued. */
function checkNhsNumbers(resource: Appointment): void {
  for (const c of asArray(resource.contained))
    if (c.resourceType === 'Patient') nhsNumberIn((c as Patient).identifier, 'Patient.identifier');
  asArray(resource.participant).forEach((p, i) => nhsNumberIn(p.actor?.identifier, `Appointment.participant[${i}].actor.identifier`));
}

/** Book, update, cancel and reschedule by REST (Appointment Management Foundation, BARS.md §3). */
@Controller('Appointment')
export class AppointmentWriteController {
  constructor(
    private readonly writes: AppointmentWriteService,
    private readonly config: HubConfig,
  ) {}

  private answer(res: Response, done: WriteAnswer, status = 200): void {
    if (done.kind === 'outcome') return this.refuse(res, done);
    if (status === 201) res.setHeader('Location', `${this.config.publicBaseUrl}/Appointment/${done.appointment.id ?? ''}`);
    sendAppointment(res, status, done.appointment);
  }

  private refuse(res: Response, done: Extract<WriteAnswer, { kind: 'outcome' }>): void {
    for (const [name, value] of Object.entries(done.headers)) res.setHeader(name, value);
    sendFhir(res, done.status, done.outcome);
  }

  @Post()
  async create(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    checkNegotiation(req, this.config.supportedCoreMajors);
    const resource = appointmentBody(body);
    if (resource.status !== undefined && resource.status !== 'booked')
      throw RecError.unprocessable('processing', 'A new Appointment is booked');
    checkNhsNumbers(resource);
    this.answer(res, await this.writes.write(req, { kind: 'create', resource: { ...resource, status: 'booked' } }), 201);
  }

  @Put(':id')
  async update(@Param('id') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    checkNegotiation(req, this.config.supportedCoreMajors);
    const appointmentIdValue = appointmentId(id);
    const resource = appointmentBody(body);
    if (resource.id !== undefined && resource.id.toLowerCase() !== appointmentIdValue)
      throw RecError.badRequest('invalid', 'Appointment.id must match the id in the URL');
    if (!resource.status) throw RecError.badRequest('required', 'Appointment.status is required');
    const ifMatch = parseIfMatch(req.header('if-match'));
    this.answer(res, await this.writes.write(req, { kind: 'update', appointmentId: appointmentIdValue, resource, ifMatch }));
  }

  @Patch(':id')
  async reschedule(@Param('id') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    checkNegotiation(req, this.config.supportedCoreMajors);
    const appointmentIdValue = appointmentId(id);
    const slotId = rescheduleSlot(body, req.header('content-type'));
    const ifMatch = parseIfMatch(req.header('if-match'));
    this.answer(res, await this.writes.write(req, { kind: 'reschedule', appointmentId: appointmentIdValue, slotId, ifMatch }));
  }

  /** "Delete or Cancel": the appointment is cancelled (its history kept), answered with an OperationOutcome. */
  @Delete(':id')
  async cancel(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    checkNegotiation(req, this.config.supportedCoreMajors);
    const done = await this.writes.write(req, {
      kind: 'cancel',
      appointmentId: appointmentId(id),
      ifMatch: parseIfMatch(req.header('if-match')),
    });
    if (done.kind === 'outcome') return this.refuse(res, done);
    sendFhir(res, 200, {
      resourceType: 'OperationOutcome',
      id: randomUUID(),
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-OperationOutcome'] },
      issue: [{ severity: 'information', code: 'informational', diagnostics: 'Appointment cancelled; its slot is free again' }],
    });
  }
}
