import { HubConfig } from '@hub/config';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';

/** How long the probe waits for SQLite's write lock: a probe must answer quickly, and it blocks while it waits. */
const SQLITE_BUSY_MS = 250;
const PG_TIMEOUT_MS = 1500;

/**
 * Readiness that the database can be **written**, not only read (`SELECT 1` answered "up" while a locked
 * SQLite file made every job fail). SQLite: a separate short-lived connection takes the write lock
 * (`BEGIN IMMEDIATE`) and releases it at once; another process holding the file locked makes it fail.
 * PostgreSQL: the server is not a read-only standby and the session is not read-only.
 */
@Injectable()
export class DatabaseWriteIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly config: HubConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async check(key = 'databaseWritable'): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(key);
    try {
      if (this.config.DATABASE_URL.startsWith('sqlite:')) this.sqliteWriteLock(this.config.DATABASE_URL.slice('sqlite:'.length));
      else await this.postgresWritable();
      return check.up();
    } catch (e) {
      return check.down({ message: (e as Error).message });
    }
  }

  private sqliteWriteLock(file: string): void {
    const conn = new Database(file, { fileMustExist: true, timeout: SQLITE_BUSY_MS });
    try {
      conn.exec('BEGIN IMMEDIATE');
      conn.exec('ROLLBACK');
    } catch (e) {
      throw new Error(`the SQLite file cannot be written: ${(e as Error).message}`);
    } finally {
      conn.close();
    }
  }

  private async postgresWritable(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the database did not answer within ${PG_TIMEOUT_MS} ms`)), PG_TIMEOUT_MS);
    });
    const rows = (await Promise.race([
      this.db.query(`SELECT pg_is_in_recovery() AS standby, current_setting('transaction_read_only') AS read_only`),
      timeout,
    ]).finally(() => clearTimeout(timer))) as Array<{ standby: boolean; read_only: string }>;
    if (rows[0]?.standby) throw new Error('the database is a read-only standby');
    if (rows[0]?.read_only === 'on') throw new Error('the database session is read-only');
  }
}
