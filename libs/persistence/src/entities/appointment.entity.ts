import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AppointmentStatus = 'booked' | 'cancelled' | 'entered-in-error';

/** The current version of an appointment. Every version, this one included, is in `appointment_version`. */
@Entity('appointment')
export class AppointmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'version_id', type: 'integer' }) versionId!: number;
  @Column({ type: 'varchar', length: 24 }) status!: AppointmentStatus;
  @Column({ name: 'slot_id', type: 'varchar', length: 36 }) slotId!: string;
  @Column({ name: 'patient_id', type: 'varchar', length: 36 }) patientId!: string;
  @Column({ name: 'service_id', type: 'varchar', length: 36 }) serviceId!: string;
  @Column({ name: 'correlation_id', type: 'varchar', length: 64 }) correlationId!: string;
  @Column({ name: 'inbox_id', type: 'varchar', length: 36, nullable: true }) inboxId!: string | null;
  /** The appointment this one replaced when it was booked as a rebook. */
  @Column({ name: 'replaces_id', type: 'varchar', length: 36, nullable: true }) replacesId!: string | null;
  @Column({ name: 'start_at', type: 'varchar', length: 24 }) startAt!: string;
  @Column({ name: 'end_at', type: 'varchar', length: 24 }) endAt!: string;
  @Column({ type: 'varchar', length: 24 }) created!: string;
  @Column({ name: 'last_updated', type: 'varchar', length: 24 }) lastUpdated!: string;
  /** The Appointment as served by `GET /Appointment/{id}`, references rewritten to the hub's ids. */
  @Column({ type: 'simple-json' }) resource!: fhir4.Appointment;
}
