import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant, ref, str, text } from './columns';

/*
 * The directory GP Connect serves beside the slots (issue #16): organisations by ODS code, locations,
 * practitioners by SDS user id and their roles, and the Location / Practitioner a schedule belongs to.
 * Schema builder only, for PostgreSQL and SQLite alike.
 */
export class GpConnectDirectory1763795000000 implements MigrationInterface {
  name = 'GpConnectDirectory1763795000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'organization',
        columns: [id(), str('ods_code', 16), text('resource'), instant('last_updated')],
        uniques: [{ name: 'uq_organization_ods', columnNames: ['ods_code'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'location',
        columns: [id(), str('identifier_key', 512), ref('organization_id', true), text('resource'), instant('last_updated')],
        uniques: [{ name: 'uq_location_identifier', columnNames: ['identifier_key'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'practitioner',
        columns: [id(), str('sds_user_id', 64), text('resource'), instant('last_updated')],
        uniques: [{ name: 'uq_practitioner_sds', columnNames: ['sds_user_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'practitioner_role',
        columns: [id(), ref('practitioner_id'), ref('organization_id'), text('resource'), instant('last_updated')],
        uniques: [{ name: 'uq_practitioner_role', columnNames: ['practitioner_id', 'organization_id'] }],
      }),
    );
    await q.addColumns('schedule', [
      new TableColumn({ name: 'location_id', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'practitioner_id', type: 'varchar', length: '36', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('schedule', 'practitioner_id');
    await q.dropColumn('schedule', 'location_id');
    for (const t of ['practitioner_role', 'practitioner', 'location', 'organization']) await q.dropTable(t);
  }
}
