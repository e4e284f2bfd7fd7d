import { ColumnLimits } from '../column-limits';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per NHS number; patients without one (BaRS accepts them) get a row per booking. */
@Entity('patient')
export class PatientEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'nhs_number', type: 'varchar', length: ColumnLimits.nhsNumber, nullable: true }) nhsNumber!: string | null;
  /** The Patient as last sent, without id (readers add the row id). */
  /** The Patient as last sent, without id (readers add the row id). */
  @Column({ type: 'simple-json' }) resource!: fhir4.Patient;
  /** Lower-cased words of every name (given, family, text), for `patient:name`. */
  @Column({ name: 'name_text', type: 'varchar', length: 512, nullable: true }) nameText!: string | null;
  @Column({ name: 'birth_date', type: 'varchar', length: 10, nullable: true }) birthDate!: string | null;
  /** Upper-cased without spaces (`LS14HR`). */
  @Column({ name: 'postal_code', type: 'varchar', length: 16, nullable: true }) postalCode!: string | null;
  @Column({ name: 'created_at', type: 'varchar', length: 24 }) createdAt!: string;
  @Column({ name: 'last_updated', type: 'varchar', length: 24 }) lastUpdated!: string;
}
