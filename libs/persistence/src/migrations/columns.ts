import type { TableColumnOptions } from 'typeorm';

/*
 * Column shapes shared by the migrations, written with TypeORM's schema builder so that one migration
 * serves PostgreSQL and SQLite. Instants are ISO-8601 UTC text with milliseconds: they compare and sort
 * correctly as text on both engines and read plainly in a psql session.
 */
export const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true });
export const ref = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable });
export const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
export const instant = (name: string, nullable = false): TableColumnOptions => str(name, 24, nullable);
export const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
export const int = (name: string, dflt?: number): TableColumnOptions =>
  dflt === undefined ? { name, type: 'integer', isNullable: true } : { name, type: 'integer', default: dflt };
