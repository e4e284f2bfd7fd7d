import 'reflect-metadata';
import { ConfigError, HubConfig, logLevels, validateEnv } from '@hub/config';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { relative } from 'node:path';
import { configureApi } from '../../api/src/configure-api';
import { DEMO_SERVICE, prepareDemo } from './demo';
import { startEmbeddedRedis, type EmbeddedRedis } from './embedded-redis';
import { StandaloneModule } from './standalone.module';

const logger = new Logger('hub');

function howToPost(base: string, file: string): string {
  const target = Buffer.from(JSON.stringify({ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: DEMO_SERVICE })).toString('base64');
  const uuid = `$(node -p "crypto.randomUUID()")`;
  return [
    `Book the demo service's next free slot with the example message:`,
    `  curl -s -X POST '${base}/$process-message' \\`,
    `    -H 'Content-Type: application/fhir+json' -H "X-Request-Id: ${uuid}" -H "X-Correlation-Id: ${uuid}" \\`,
    `    -H 'NHSD-Target-Identifier: ${target}' --data @${file}`,
  ].join('\n');
}

async function main(): Promise<void> {
  let redis: EmbeddedRedis | undefined;
  if (!process.env.REDIS_URL) {
    redis = await startEmbeddedRedis();
    process.env.REDIS_URL = redis.url;
  }
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
  const file = await prepareDemo(app);
  const where = `BaRS hub listening on ${config.publicBaseUrl} (api and worker in one process, database ${config.DATABASE_URL})`;
  logger.log(file ? `${where}\n${howToPost(config.publicBaseUrl, relative(process.cwd(), file))}` : where);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `boot failed: ${(error as Error)?.message ?? String(error)}`;
  logger.error(message);
  process.exit(1);
});
