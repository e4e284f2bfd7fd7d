import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LocationEntity, OrganizationEntity, PatientEntity, PractitionerEntity } from './entities';

/** Reads of the directory and the patients, by hub id or by business identifier (for GP Connect). */
@Injectable()
export class DirectoryReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  organization(where: { id: string } | { odsCode: string }): Promise<OrganizationEntity | null> {
    return this.db.getRepository(OrganizationEntity).findOne({ where });
  }

  practitioner(where: { id: string } | { sdsUserId: string }): Promise<PractitionerEntity | null> {
    return this.db.getRepository(PractitionerEntity).findOne({ where });
  }

  location(id: string): Promise<LocationEntity | null> {
    return this.db.getRepository(LocationEntity).findOne({ where: { id } });
  }

  patient(where: { id: string } | { nhsNumber: string }): Promise<PatientEntity | null> {
    return this.db.getRepository(PatientEntity).findOne({ where });
  }
}
