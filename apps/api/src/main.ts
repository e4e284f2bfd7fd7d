import 'reflect-metadata';
import { ConfigError, HubConfig, logLevels, validateEnv } from '@hub/config';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiModule } from './api.module';
import { migrateCommand, seedCommand } from './commands';
import { configureApi, httpsOptions } from './configure-api';

async function serve(): Promise<void> {
  const env = validateEnv(process.env);
  const app = await NestFactory.create(ApiModule, { bodyParser: false, logger: logLevels(env.LOG_LEVEL), httpsOptions: httpsOptions(env) });
  await configureApi(app);
  const config = app.get(HubConfig);
  await app.listen(config.PORT);
  new Logger('api').log(`listening on ${config.publicBaseUrl} (POST /$process-message)`);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  validateEnv(process.env);
  if (command === 'migrate') return migrateCommand();
  if (command === 'seed') return seedCommand(rest);
  if (command !== undefined) throw new Error(`unknown command "${command}" (expected: migrate, seed, or none to serve)`);
  return serve();
}

main().catch((error: unknown) => {
  // A bad configuration names every bad key and nothing else; anything else is a boot failure.
  const message = error instanceof ConfigError ? error.message : `boot failed: ${(error as Error)?.message ?? String(error)}`;
  new Logger('api').error(message);
  process.exit(1);
});
