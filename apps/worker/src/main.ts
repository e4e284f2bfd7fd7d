import 'reflect-metadata';
import { ConfigError, validateEnv, workerPoolAdvice } from '@hub/config';
import { Queues, resolveWorkerQueues } from '@hub/messaging';
import { bootLogger, processIdentity } from '@hub/observability';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo, Server } from 'node:net';
import { Logger as PinoLogger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = validateEnv(process.env);
  Logger.overrideLogger(bootLogger(config.LOG_LEVEL));
  // Before anything connects: a queue name that does not exist stops the boot, naming it.
  const queues = resolveWorkerQueues(config.WORKER_QUEUES);
  const app = await NestFactory.create(WorkerModule, { bufferLogs: true, logger: bootLogger(config.LOG_LEVEL) });
  app.useLogger(app.get(PinoLogger));
  // SIGTERM: each QueueConsumer closes its BullMQ worker in beforeApplicationShutdown, letting running jobs
  // finish before the connections close and the process exits.
  app.enableShutdownHooks();
  await app.listen(config.WORKER_HTTP_PORT);
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  const logger = new Logger('worker');
  const advice = workerPoolAdvice(config, queues.includes(Queues.inbound));
  if (advice) logger.warn(advice);
  logger.log(
    `worker ${processIdentity()} consuming ${queues.join(', ')} (concurrency ${config.WORKER_CONCURRENCY}); health and metrics on port ${port}`,
  );
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `boot failed: ${(error as Error)?.message ?? String(error)}`;
  bootLogger('error').error(message, 'worker');
  process.exit(1);
});
