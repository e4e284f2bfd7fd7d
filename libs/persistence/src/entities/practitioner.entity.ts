import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A practitioner whose diary is published, known by SDS user id (`https://fhir.nhs.uk/Id/sds-user-id`). */
@Entity('practitioner')
export class PractitionerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'sds_user_id', type: 'varchar', length: 64 }) sdsUserId!: string;
  @Column({ type: 'simple-json' }) resource!: fhir4.Practitioner;
  @Column({ name: 'last_updated', type: 'varchar', length: 24 }) lastUpdated!: string;
}
