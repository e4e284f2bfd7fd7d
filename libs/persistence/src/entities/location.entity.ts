import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where appointments take place; known to publishers by its first identifier (e.g. an ODS site code). */
@Entity('location')
export class LocationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  /** Normalised `system|value` of the first identifier. */
  @Column({ name: 'identifier_key', type: 'varchar', length: 512 }) identifierKey!: string;
  /** The managing organisation (`Location.managingOrganization`), when published. */
  @Column({ name: 'organization_id', type: 'varchar', length: 36, nullable: true }) organizationId!: string | null;
  @Column({ type: 'simple-json' }) resource!: fhir4.Location;
  @Column({ name: 'last_updated', type: 'varchar', length: 24 }) lastUpdated!: string;
}
