import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { instant, str, text } from './columns';

/*
 * Bookings made slot by slot (GP Connect Appointment Management, GPCONNECT.md §3.2): the booking
 * organisation the consumer names in the request, stored and returned on every later read, and the slots
 * of a booking beyond the first (`appointment.slot_id`), which a cancellation frees with the first.
 */
export class DirectBooking1763805000000 implements MigrationInterface {
  name = 'DirectBooking1763805000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'appointment_booking_organisation',
        columns: [{ ...str('appointment_id', 36), isPrimary: true }, str('ods_code', 16), text('resource'), instant('recorded_at')],
        foreignKeys: [{ columnNames: ['appointment_id'], referencedTableName: 'appointment', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'appointment_extra_slot',
        columns: [
          { ...str('appointment_id', 36), isPrimary: true },
          { ...str('slot_id', 36), isPrimary: true },
          { name: 'position', type: 'integer' },
        ],
        foreignKeys: [
          { columnNames: ['appointment_id'], referencedTableName: 'appointment', referencedColumnNames: ['id'] },
          { columnNames: ['slot_id'], referencedTableName: 'slot', referencedColumnNames: ['id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('appointment_extra_slot');
    await q.dropTable('appointment_booking_organisation');
  }
}
