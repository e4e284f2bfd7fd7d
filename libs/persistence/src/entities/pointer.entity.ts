import type { DocumentReference } from '@hub/fhir';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * `current`: listed and served. `superseded`: replaced by a rebook's pointer (NRL deletes superseded
 * pointers). `removed`: its appointment was cancelled. Only `current` pointers are served.
 */
export type PointerState = 'current' | 'superseded' | 'removed';

/** One pointer (NRL DocumentReference) per appointment that has one: the hub's own registry. */
@Entity('pointer')
export class PointerEntity {
  /** `<HUB_ODS_CODE>-<uuid>`, the shape NRL gives its ids. */
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ name: 'appointment_id', type: 'varchar', length: 36 }) appointmentId!: string;
  /** The appointment whose booking started this line of rebooks: the changes of one chain are sent in order. */
  @Column({ name: 'chain_id', type: 'varchar', length: 36 }) chainId!: string;
  @Column({ name: 'nhs_number', type: 'varchar', length: 16 }) nhsNumber!: string;
  /** ODS code of the custodian (immutable at the NRL). */
  @Column({ type: 'varchar', length: 16 }) custodian!: string;
  /** SNOMED code of `type` (immutable at the NRL). */
  @Column({ name: 'type_code', type: 'varchar', length: 32 }) typeCode!: string;
  @Column({ type: 'varchar', length: 16 }) state!: PointerState;
  /** The pointer this one superseded (`relatesTo` `replaces`). */
  @Column({ name: 'replaces_id', type: 'varchar', length: 64, nullable: true }) replacesId!: string | null;
  /** The id the NRL gave this pointer (from the `Location` of its create); null until it is sent. */
  @Column({ name: 'remote_id', type: 'varchar', length: 128, nullable: true }) remoteId!: string | null;
  /** The DocumentReference as served, with the hub's id. */
  @Column({ type: 'simple-json' }) resource!: DocumentReference;
  @Column({ name: 'created_at', type: 'varchar', length: 24 }) createdAt!: string;
  @Column({ name: 'last_updated', type: 'varchar', length: 24 }) lastUpdated!: string;
}
