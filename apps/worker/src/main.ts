import 'reflect-metadata';
import { ConfigError, logLevels, validateEnv } from '@hub/config';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = validateEnv(process.env);
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: logLevels(config.LOG_LEVEL) });
  // SIGTERM: BullMQ's worker.close() (via @nestjs/bullmq) lets running jobs finish before the process exits.
  app.enableShutdownHooks();
  new Logger('worker').log('consuming the inbound queue');
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `boot failed: ${(error as Error)?.message ?? String(error)}`;
  new Logger('worker').error(message);
  process.exit(1);
});
