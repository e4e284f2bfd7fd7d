import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An organisation the hub publishes for (GP Connect serves a service root per ODS code). */
@Entity('organization')
export class OrganizationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'ods_code', type: 'varchar', length: 16 }) odsCode!: string;
  @Column({ type: 'simple-json' }) resource!: fhir4.Organization;
  @Column({ name: 'last_updated', type: 'varchar', length: 24 }) lastUpdated!: string;
}
