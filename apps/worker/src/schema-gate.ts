import { assertSchemaCurrent } from '@hub/persistence';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

const WAIT_MS = 60_000;
const POLL_MS = 1_000;

/**
 * Workers never migrate. At boot they wait (up to a minute) for the api to bring the schema up to date,
 * and refuse to consume before it is: a worker running old code against a new schema, or the reverse,
 * could corrupt the appointment book.
 */
@Injectable()
export class SchemaGate implements OnModuleInit {
  private readonly logger = new Logger(SchemaGate.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      try {
        await assertSchemaCurrent(this.db);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        this.logger.warn('waiting for the api to apply migrations');
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    }
  }
}
