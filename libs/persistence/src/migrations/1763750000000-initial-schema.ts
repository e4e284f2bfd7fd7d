import { id, ref, str, instant, text, int } from './columns';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * Written with TypeORM's schema builder rather than raw SQL so that one migration serves PostgreSQL and
 * SQLite. Instants are stored as ISO-8601 UTC strings with milliseconds (`2026-01-02T09:30:00.000Z`):
 * they compare and sort correctly as text on both engines and read plainly in a psql session at 3 a.m.
 */

export class InitialSchema1763750000000 implements MigrationInterface {
  name = 'InitialSchema1763750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'inbox_message',
        columns: [
          id(),
          str('request_id', 64),
          str('correlation_id', 64),
          str('bundle_id', 64, true),
          str('event', 40, true),
          str('reason', 20, true),
          str('job_name', 40),
          str('target_service', 64, true),
          str('source_endpoint', 255, true),
          text('audit_headers'),
          text('body'),
          str('state', 16),
          int('response_status'),
          text('response', true),
          int('attempts', 0),
          instant('received_at'),
          instant('updated_at'),
          instant('completed_at', true),
        ],
        uniques: [{ name: 'uq_inbox_request_id', columnNames: ['request_id'] }],
        indices: [
          { name: 'ix_inbox_correlation', columnNames: ['correlation_id'] },
          { name: 'ix_inbox_state_received', columnNames: ['state', 'received_at'] },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'healthcare_service',
        columns: [id(), str('dos_id', 64), str('name', 255, true), text('use_cases'), text('resource'), instant('last_updated')],
        uniques: [{ name: 'uq_service_dos_id', columnNames: ['dos_id'] }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'schedule',
        columns: [id(), ref('service_id'), str('identifier_key', 512), text('resource'), instant('last_updated')],
        uniques: [{ name: 'uq_schedule_service_identifier', columnNames: ['service_id', 'identifier_key'] }],
        foreignKeys: [{ columnNames: ['service_id'], referencedTableName: 'healthcare_service', referencedColumnNames: ['id'] }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'slot',
        columns: [
          id(),
          ref('schedule_id'),
          ref('service_id'),
          str('identifier_key', 512, true),
          instant('start_at'),
          instant('end_at'),
          str('status', 24),
          int('version', 1),
          text('resource'),
          instant('last_updated'),
        ],
        uniques: [{ name: 'uq_slot_schedule_period', columnNames: ['schedule_id', 'start_at', 'end_at'] }],
        foreignKeys: [
          { columnNames: ['schedule_id'], referencedTableName: 'schedule', referencedColumnNames: ['id'] },
          { columnNames: ['service_id'], referencedTableName: 'healthcare_service', referencedColumnNames: ['id'] },
        ],
        indices: [
          { name: 'ix_slot_service_start', columnNames: ['service_id', 'start_at'] },
          { name: 'ix_slot_identifier', columnNames: ['identifier_key'] },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'patient',
        columns: [id(), str('nhs_number', 16, true), text('resource'), instant('created_at'), instant('last_updated')],
        uniques: [{ name: 'uq_patient_nhs_number', columnNames: ['nhs_number'] }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'appointment',
        columns: [
          id(),
          int('version_id', 1),
          str('status', 24),
          ref('slot_id'),
          ref('patient_id'),
          ref('service_id'),
          str('correlation_id', 64),
          ref('inbox_id', true),
          instant('start_at'),
          instant('end_at'),
          instant('created'),
          instant('last_updated'),
          text('resource'),
        ],
        foreignKeys: [
          { columnNames: ['slot_id'], referencedTableName: 'slot', referencedColumnNames: ['id'] },
          { columnNames: ['patient_id'], referencedTableName: 'patient', referencedColumnNames: ['id'] },
          { columnNames: ['service_id'], referencedTableName: 'healthcare_service', referencedColumnNames: ['id'] },
        ],
        indices: [
          { name: 'ix_appointment_slot', columnNames: ['slot_id'] },
          { name: 'ix_appointment_patient', columnNames: ['patient_id'] },
          { name: 'ix_appointment_correlation', columnNames: ['correlation_id'] },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'appointment_version',
        columns: [
          { ...ref('appointment_id'), isPrimary: true },
          { name: 'version_id', type: 'integer', isPrimary: true },
          str('status', 24),
          ref('inbox_id', true),
          text('resource'),
          instant('recorded_at'),
        ],
        foreignKeys: [{ columnNames: ['appointment_id'], referencedTableName: 'appointment', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createIndex('appointment_version', new TableIndex({ name: 'ix_version_inbox', columnNames: ['inbox_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['appointment_version', 'appointment', 'patient', 'slot', 'schedule', 'healthcare_service', 'inbox_message']) {
      await q.dropTable(t);
    }
  }
}
