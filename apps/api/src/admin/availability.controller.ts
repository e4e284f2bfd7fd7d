import { AvailabilityService } from '@hub/appointment';
import { Body, Controller, Post, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { sendFhir } from '../http/fhir-response';
import { AdminAuditInterceptor } from './admin-audit.interceptor';
import { AdminTokenGuard } from './admin-token.guard';

@Controller('admin')
@UseGuards(AdminTokenGuard)
@UseInterceptors(AdminAuditInterceptor)
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  /** Publishes services, schedules and free slots; the answer lists what is stored, with hub ids. */
  @Post('availability')
  async publish(@Body() body: unknown, @Res() res: Response): Promise<void> {
    sendFhir(res, 200, await this.availability.publish(body));
  }
}
