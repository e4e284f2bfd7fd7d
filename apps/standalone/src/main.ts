import 'reflect-metadata';
import { ConfigError, HubConfig, logLevels, validateEnv } from '@hub/config';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureApi } from '../../api/src/configure-api';
import { ensureQuickStartAdminToken } from './admin-token';
import { prepareDemo } from './demo';
import { startEmbeddedRedis, type EmbeddedRedis } from './embedded-redis';
import { quickStartGuide } from './quick-start-guide';
import { StandaloneModule } from './standalone.module';

const logger = new Logger('hub');

async function main(): Promise<void> {
  let redis: EmbeddedRedis | undefined;
  if (!process.env.REDIS_URL) {
    redis = await startEmbeddedRedis();
    process.env.REDIS_URL = redis.url;
  }
  const token = ensureQuickStartAdminToken();
  const level = validateEnv(process.env).LOG_LEVEL;
  const app = await NestFactory.create(StandaloneModule, { bodyParser: false, logger: logLevels(level) });
  await configureApi(app, { shutdownHooks: false });
  // Our own signal handling: the embedded Redis must outlive the workers, which close inside app.close().
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: finishing in-flight work`);
      void app
        .close()
        .then(() => redis?.stop())
        .then(() => process.exit(0))
        .catch((e: Error) => {
          logger.error(`shutdown failed: ${e.message}`);
          process.exit(1);
        });
    });
  }
  const config = app.get(HubConfig);
  await app.listen(config.PORT);
  const demo = await prepareDemo(app);
  const where = `BaRS hub listening on ${config.publicBaseUrl} (api and worker in one process, database ${config.DATABASE_URL})`;
  logger.log(`${where}\n${quickStartGuide(config.publicBaseUrl, token, demo)}`);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `boot failed: ${(error as Error)?.message ?? String(error)}`;
  logger.error(message);
  process.exit(1);
});
