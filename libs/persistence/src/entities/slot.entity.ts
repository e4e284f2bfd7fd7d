import { ColumnLimits } from '../column-limits';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type SlotStatus = 'free' | 'busy' | 'busy-unavailable' | 'busy-tentative' | 'entered-in-error';

@Entity('slot')
export class SlotEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'schedule_id', type: 'varchar', length: 36 }) scheduleId!: string;
  /** Denormalised from the schedule: slots are found by service and time far more often than by schedule. */
  @Column({ name: 'service_id', type: 'varchar', length: 36 }) serviceId!: string;
  @Column({ name: 'identifier_key', type: 'varchar', length: ColumnLimits.identifierKey, nullable: true }) identifierKey!: string | null;
  @Column({ name: 'start_at', type: 'varchar', length: 24 }) startAt!: string;
  @Column({ name: 'end_at', type: 'varchar', length: 24 }) endAt!: string;
  /** Changed only by conditional updates (`... WHERE status = 'free'`), never read-then-written. */
  @Column({ type: 'varchar', length: 24 }) status!: SlotStatus;
  @Column({ type: 'integer', default: 1 }) version!: number;
  /** The published Slot (without id, status and schedule, which the columns own). */
  @Column({ type: 'simple-json' }) resource!: fhir4.Slot;
  @Column({ name: 'last_updated', type: 'varchar', length: 24 }) lastUpdated!: string;
}
