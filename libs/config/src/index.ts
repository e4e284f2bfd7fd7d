export { HubConfig, logLevels } from './hub-config';
export { HubConfigModule } from './hub-config.module';
export { workerPoolAdvice } from './pool-advice';
export { ConfigError, validateEnv } from './validate-env';
