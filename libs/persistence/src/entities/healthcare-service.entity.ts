import { ColumnLimits } from '../column-limits';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A service this hub hosts, known to senders by its DoS id (`https://fhir.nhs.uk/Id/dos-service-id`). */
@Entity('healthcare_service')
export class HealthcareServiceEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'dos_id', type: 'varchar', length: ColumnLimits.dosServiceId }) dosId!: string;
  @Column({ type: 'varchar', length: ColumnLimits.serviceName, nullable: true }) name!: string | null;
  /** Lower-cased `usecases-categories-bars` codes the service accepts; empty means any. */
  @Column({ name: 'use_cases', type: 'simple-json' }) useCases!: string[];
  @Column({ type: 'simple-json' }) resource!: fhir4.HealthcareService;
  @Column({ name: 'last_updated', type: 'varchar', length: 24 }) lastUpdated!: string;
}
