import type { Appointment } from '@hub/fhir';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppointmentEntity } from './entities';

/** Reads for the FHIR REST surface. */
@Injectable()
export class AppointmentReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async read(id: string): Promise<Appointment | undefined> {
    const row = await this.db.getRepository(AppointmentEntity).findOne({ where: { id }, select: { id: true, resource: true } });
    return row?.resource;
  }
}
