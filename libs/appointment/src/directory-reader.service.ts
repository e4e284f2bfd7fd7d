import type { Location, Organization, Patient, Practitioner } from '@hub/fhir';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LocationEntity, OrganizationEntity, PatientEntity, PractitionerEntity } from './entities';

/** A stored directory entry or patient: the hub id and the resource as stored (R4, without id). */
export interface DirectoryRecord<T> {
  id: string;
  resource: T;
}

const record = <T>(row: { id: string; resource: T } | null): DirectoryRecord<T> | null =>
  row ? { id: row.id, resource: row.resource } : null;

/** Reads of the directory and the patients, by hub id or by business identifier (for GP Connect). */
@Injectable()
export class DirectoryReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async organization(where: { id: string } | { odsCode: string }): Promise<DirectoryRecord<Organization> | null> {
    return record(await this.db.getRepository(OrganizationEntity).findOne({ where }));
  }

  async practitioner(where: { id: string } | { sdsUserId: string }): Promise<DirectoryRecord<Practitioner> | null> {
    return record(await this.db.getRepository(PractitionerEntity).findOne({ where }));
  }

  /** With the hub id of its managing organisation, when published. */
  async location(id: string): Promise<(DirectoryRecord<Location> & { organizationId: string | null }) | null> {
    const row = await this.db.getRepository(LocationEntity).findOne({ where: { id } });
    return row ? { id: row.id, resource: row.resource, organizationId: row.organizationId } : null;
  }

  async patient(where: { id: string } | { nhsNumber: string }): Promise<DirectoryRecord<Patient> | null> {
    return record(await this.db.getRepository(PatientEntity).findOne({ where }));
  }
}
