import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A practitioner's role at an organisation; one per practitioner and organisation. */
@Entity('practitioner_role')
export class PractitionerRoleEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'practitioner_id', type: 'varchar', length: 36 }) practitionerId!: string;
  /** '' when the role names no organisation (a unique key cannot hold NULLs portably). */
  @Column({ name: 'organization_id', type: 'varchar', length: 36 }) organizationId!: string;
  @Column({ type: 'simple-json' }) resource!: fhir4.PractitionerRole;
  @Column({ name: 'last_updated', type: 'varchar', length: 24 }) lastUpdated!: string;
}
