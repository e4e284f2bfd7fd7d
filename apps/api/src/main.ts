import 'reflect-metadata';
import { ConfigError, HubConfig, validateEnv } from '@hub/config';
import { Logger } from '@nestjs/common';
import { bootLogger } from '@hub/observability';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { migrateCommand, seedCommand } from './commands';
import { configureApi, httpsOptions } from './configure-api';

async function serve(): Promise<void> {
  // Boot messages wait for the JSON logger, which filters them by LOG_LEVEL.
  const env = validateEnv(process.env);
  const app = await NestFactory.create(ApiModule, {
    bodyParser: false,
    bufferLogs: true,
    logger: bootLogger(env.LOG_LEVEL),
    httpsOptions: httpsOptions(env),
  });
  app.useLogger(app.get(PinoLogger));
  await configureApi(app);
  const config = app.get(HubConfig);
  await app.listen(config.PORT);
  new Logger('api').log(`listening on ${config.publicBaseUrl} (POST /$process-message)`);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  Logger.overrideLogger(bootLogger(validateEnv(process.env).LOG_LEVEL));
  if (command === 'migrate') return migrateCommand();
  if (command === 'seed') return seedCommand(rest);
  if (command !== undefined) throw new Error(`unknown command "${command}" (expected: migrate, seed, or none to serve)`);
  return serve();
}

main().catch((error: unknown) => {
  // A bad configuration names every bad key and nothing else; anything else is a boot failure.
  const message = error instanceof ConfigError ? error.message : `boot failed: ${(error as Error)?.message ?? String(error)}`;
  bootLogger('error').error(message, 'api');
  process.exit(1);
});
