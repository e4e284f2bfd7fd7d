import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What makes a retry a retry (BaRS: "the same body, same IDs and same headers"): a SHA-256 of the
 * message, kept with its X-Request-Id so that a different message under a used id is refused, not
 * answered as a duplicate. Rows written before have none and are taken as retries, as before.
 */
export class InboxDigest1763790000000 implements MigrationInterface {
  name = 'InboxDigest1763790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('inbox_message', new TableColumn({ name: 'digest', type: 'varchar', length: '64', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('inbox_message', 'digest');
  }
}
