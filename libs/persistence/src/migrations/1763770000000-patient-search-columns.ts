import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `GET /Appointment?patient:name&patient:birthdate&patient:address-postalcode` needs columns: the
 * Patient is stored as JSON text, which neither engine can search portably.
 */
export class PatientSearchColumns1763770000000 implements MigrationInterface {
  name = 'PatientSearchColumns1763770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('patient', [
      new TableColumn({ name: 'name_text', type: 'varchar', length: '512', isNullable: true }),
      new TableColumn({ name: 'birth_date', type: 'varchar', length: '10', isNullable: true }),
      new TableColumn({ name: 'postal_code', type: 'varchar', length: '16', isNullable: true }),
    ]);
    await q.createIndex('patient', new TableIndex({ name: 'ix_patient_birth_postal', columnNames: ['birth_date', 'postal_code'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('patient', 'ix_patient_birth_postal');
    for (const c of ['postal_code', 'birth_date', 'name_text']) await q.dropColumn('patient', c);
  }
}
