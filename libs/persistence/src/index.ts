export * from './transient';
export * from './errors';
export * from './database-options';
export * from './persistence.module';
export * from './run-migrations';
export * from './sql';
export * from './column-limits';
