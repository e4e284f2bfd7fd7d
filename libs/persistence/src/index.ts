// Entity classes are exported for their owning libraries only (eslint/boundaries.mjs `tableOwners`).
export * from './entities';
export { ColumnLimits } from './column-limits';
export { databaseOptions } from './database-options';
export { isUniqueViolation } from './errors';
export { PersistenceModule } from './persistence.module';
export { assertSchemaCurrent, runMigrations } from './run-migrations';
export { pipelinedTransaction, together } from './pipeline';
export { Sql, deferSql, runSql } from './sql';
export { TurnBatch, settle, type Outcome } from './turn-batch';
export { failedBeforeSending, isTransientInfrastructureError } from './transient';
