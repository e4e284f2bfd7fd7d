export * from './hub-config';
export * from './hub-config.module';
export * from './validate-env';
export * from './pool-advice';
