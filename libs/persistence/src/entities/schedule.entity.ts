import { ColumnLimits } from '../column-limits';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('schedule')
export class ScheduleEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'service_id', type: 'varchar', length: 36 }) serviceId!: string;
  /** Normalised `system|value` of the first identifier, or '' when the Schedule has none. */
  @Column({ name: 'identifier_key', type: 'varchar', length: ColumnLimits.identifierKey }) identifierKey!: string;
  /** `Schedule.actor` Location and Practitioner, when published (GP Connect diaries are theirs). */
  @Column({ name: 'location_id', type: 'varchar', length: 36, nullable: true }) locationId!: string | null;
  @Column({ name: 'practitioner_id', type: 'varchar', length: 36, nullable: true }) practitionerId!: string | null;
  @Column({ type: 'simple-json' }) resource!: fhir4.Schedule;
  @Column({ name: 'last_updated', type: 'varchar', length: 24 }) lastUpdated!: string;
}
