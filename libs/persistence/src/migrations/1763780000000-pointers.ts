import { str, instant, text, int } from './columns';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * The hub's pointer registry (`pointer`) and the outbox of pointer changes for the NRL (`pointer_outbox`,
 * written in the same transaction as the appointment change). Schema builder only, for PostgreSQL and
 * SQLite alike; instants as ISO-8601 UTC text like every other table.
 */

export class Pointers1763780000000 implements MigrationInterface {
  name = 'Pointers1763780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'pointer',
        columns: [
          { ...str('id', 64), isPrimary: true },
          str('appointment_id', 36),
          str('chain_id', 36),
          str('nhs_number', 16),
          str('custodian', 16),
          str('type_code', 32),
          str('state', 16),
          str('replaces_id', 64, true),
          str('remote_id', 128, true),
          text('resource'),
          instant('created_at'),
          instant('last_updated'),
        ],
        // One pointer per appointment: a rebook is a new appointment, so a new pointer.
        uniques: [{ name: 'uq_pointer_appointment', columnNames: ['appointment_id'] }],
        foreignKeys: [{ columnNames: ['appointment_id'], referencedTableName: 'appointment', referencedColumnNames: ['id'] }],
        indices: [{ name: 'ix_pointer_subject', columnNames: ['nhs_number', 'state', 'created_at', 'id'] }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'pointer_outbox',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          str('request_id', 36),
          str('chain_id', 36),
          str('appointment_id', 36),
          str('pointer_id', 64, true),
          str('operation', 16),
          str('state', 16),
          str('reason', 255, true),
          int('attempts', 0),
          int('generation', 0),
          text('last_error', true),
          int('response_status'),
          str('inbox_id', 36, true),
          str('correlation_id', 64),
          instant('created_at'),
          instant('updated_at'),
          instant('completed_at', true),
        ],
        foreignKeys: [{ columnNames: ['appointment_id'], referencedTableName: 'appointment', referencedColumnNames: ['id'] }],
        indices: [
          // The relay's two questions: which rows are unfinished, and is a row the oldest unfinished of its chain.
          { name: 'ix_outbox_state', columnNames: ['state', 'id'] },
          { name: 'ix_outbox_chain', columnNames: ['chain_id', 'id'] },
          { name: 'ix_outbox_appointment', columnNames: ['appointment_id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('pointer_outbox');
    await q.dropTable('pointer');
  }
}
