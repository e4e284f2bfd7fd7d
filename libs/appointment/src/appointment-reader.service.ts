import { RecError, type Appointment } from '@hub/fhir';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppointmentEntity, AppointmentVersionEntity } from './entities';
import { normalisePostcode } from './patient-store';

export interface AppointmentQuery {
  nhsNumber?: string;
  name?: string;
  birthDate?: string;
  postalCode?: string;
  id?: string;
  /** `date` comparisons on the start: [operator, instant]. */
  dates?: Array<['>=' | '<=' | '>' | '<' | '=', string]>;
  /** Paging: matches skipped, and the most to return (at most 100; 0: the total only). */
  offset?: number;
  count?: number;
}

export interface AppointmentPage {
  /** Every match, not only this page's. */
  total: number;
  appointments: Appointment[];
}

const PAGE = 100;

/** Reads for the FHIR REST surface: current versions, history, searches. */
@Injectable()
export class AppointmentReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async read(id: string): Promise<Appointment | undefined> {
    const row = await this.db.getRepository(AppointmentEntity).findOne({ where: { id }, select: { id: true, resource: true } });
    return row?.resource;
  }

  /** Every kept version, newest first (cancellations included). */
  async history(id: string): Promise<Appointment[]> {
    const rows = await this.db.getRepository(AppointmentVersionEntity).find({ where: { appointmentId: id }, order: { versionId: 'DESC' } });
    if (rows.length === 0) throw RecError.notFound('No Appointment with this id');
    return rows.map((r) => r.resource);
  }

  async version(id: string, versionId: number): Promise<Appointment> {
    const row = await this.db.getRepository(AppointmentVersionEntity).findOne({ where: { appointmentId: id, versionId } });
    if (!row) throw RecError.notFound('No such version of this Appointment');
    return row.resource;
  }

  /** Appointments of a patient (by NHS number, or by name, birth date and postcode together), any status. */
  async search(q: AppointmentQuery): Promise<Appointment[]> {
    return (await this.searchPage(q)).appointments;
  }

  /** One page of a search, in start order, with the number of all matches. */
  async searchPage(q: AppointmentQuery): Promise<AppointmentPage> {
    const qb = this.db
      .getRepository(AppointmentEntity)
      .createQueryBuilder('a')
      .innerJoin('patient', 'p', 'p.id = a.patient_id')
      .select(['a.id', 'a.resource']);
    if (q.id !== undefined) qb.andWhere('a.id = :id', { id: q.id });
    if (q.nhsNumber !== undefined) qb.andWhere('p.nhs_number = :nhs', { nhs: q.nhsNumber });
    if (q.name !== undefined) qb.andWhere('p.name_text LIKE :name', { name: `% ${q.name.toLowerCase().replace(/[%_]/g, '')}%` });
    if (q.birthDate !== undefined) qb.andWhere('p.birth_date = :birth', { birth: q.birthDate });
    if (q.postalCode !== undefined) qb.andWhere('p.postal_code = :postal', { postal: normalisePostcode(q.postalCode) });
    (q.dates ?? []).forEach(([op, instant], i) => qb.andWhere(`a.start_at ${op} :d${i}`, { [`d${i}`]: instant }));
    const total = await qb.clone().getCount();
    const count = Math.min(q.count ?? PAGE, PAGE);
    if (count === 0) return { total, appointments: [] };
    const rows = await qb
      .orderBy('a.start_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .offset(q.offset ?? 0)
      .limit(count)
      .getMany();
    return { total, appointments: rows.map((r) => r.resource) };
  }
}
