import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A rebooked appointment points at the one it replaces (BaRS rebook; the pointer supersedes along it). */
export class AppointmentRebookLink1763760000000 implements MigrationInterface {
  name = 'AppointmentRebookLink1763760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('appointment', new TableColumn({ name: 'replaces_id', type: 'varchar', length: '36', isNullable: true }));
    await q.createIndex('appointment', new TableIndex({ name: 'ix_appointment_replaces', columnNames: ['replaces_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('appointment', 'ix_appointment_replaces');
    await q.dropColumn('appointment', 'replaces_id');
  }
}
