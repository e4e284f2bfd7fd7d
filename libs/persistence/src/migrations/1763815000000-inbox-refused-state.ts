import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A business refusal (a 4xx answer: slot taken, appointment not booked, …) is a correctly processed
 * message, so it gets its own inbox state, `refused`, instead of sharing `failed` with infrastructure
 * failures (5xx), the only ones an operator should replay. Rows recorded before are moved; plain SQL that
 * runs on PostgreSQL and SQLite alike (the column is a varchar, no constraint to change).
 */
export class InboxRefusedState1763815000000 implements MigrationInterface {
  name = 'InboxRefusedState1763815000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE inbox_message SET state = 'refused' WHERE state = 'failed' AND response_status >= 400 AND response_status < 500`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE inbox_message SET state = 'failed' WHERE state = 'refused'`);
  }
}
