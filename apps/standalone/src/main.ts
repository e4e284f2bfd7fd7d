import 'reflect-metadata';
import { ConfigError, HubConfig, logLevels, validateEnv } from '@hub/config';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureApi } from '../../api/src/configure-api';
import { rmSync } from 'node:fs';
import { ensureQuickStartAdminToken, type QuickStartToken } from './admin-token';
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
  token = ensureQuickStartAdminToken();
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

let token: QuickStartToken | undefined;

main().catch((error: unknown) => {
  const code = (error as { code?: unknown })?.code;
  const hint = code === 'EADDRINUSE' ? ` (another process holds the port: stop it, or start with PORT=<another port>)` : '';
  const message = error instanceof ConfigError ? error.message : `boot failed: ${(error as Error)?.message ?? String(error)}${hint}`;
  logger.error(message);
  // A token generated now is printed only once the hub listens: one nobody saw is not kept, so the next
  // start generates and prints a new one instead of naming a file the user never heard of.
  if (token?.source === 'generated') rmSync(token.file, { force: true });
  process.exit(1);
});
