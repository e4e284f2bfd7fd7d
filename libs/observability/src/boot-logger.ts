import { type HubConfig, logLevels } from '@hub/config';
import { ConsoleLogger } from '@nestjs/common';

/**
 * The logger a process starts with, before nestjs-pino takes over (and instead of it when the boot
 * fails, e.g. the database is unreachable): JSON lines too, so a log pipeline never sees a stray
 * coloured line, at the same LOG_LEVEL.
 */
export function bootLogger(level: HubConfig['LOG_LEVEL']): ConsoleLogger {
  return new ConsoleLogger({ json: true, colors: false, logLevels: logLevels(level) });
}
