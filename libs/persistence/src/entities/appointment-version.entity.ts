import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AppointmentStatus } from './appointment.entity';

/** BaRS: the receiver "must store all previous versions" of a booking, cancellations included. */
@Entity('appointment_version')
export class AppointmentVersionEntity {
  @PrimaryColumn({ name: 'appointment_id', type: 'varchar', length: 36 }) appointmentId!: string;
  @PrimaryColumn({ name: 'version_id', type: 'integer' }) versionId!: number;
  @Column({ type: 'varchar', length: 24 }) status!: AppointmentStatus;
  @Column({ name: 'inbox_id', type: 'varchar', length: 36, nullable: true }) inboxId!: string | null;
  @Column({ type: 'simple-json' }) resource!: fhir4.Appointment;
  @Column({ name: 'recorded_at', type: 'varchar', length: 24 }) recordedAt!: string;
}
