import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface EmbeddedRedis {
  url: string;
  stop(): Promise<void>;
}

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, binary);
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Starts a private Redis for the quick start (redis-memory-server). It prefers the system `redis-server`
 * (the package would otherwise download and compile one). Nothing is persisted: after a restart the
 * worker's inbox redrive re-enqueues whatever was accepted but not yet processed.
 */
export async function startEmbeddedRedis(): Promise<EmbeddedRedis> {
  const system = onPath('redis-server');
  if (system !== undefined && process.env.REDISMS_SYSTEM_BINARY === undefined) process.env.REDISMS_SYSTEM_BINARY = system;
  // Imported late, so that the setting above is seen when the package reads its configuration.
  const { RedisMemoryServer } = await import('redis-memory-server');
  const server = await RedisMemoryServer.create({ instance: { args: ['--save', '', '--appendonly', 'no'] } });
  const url = `redis://${await server.getHost()}:${await server.getPort()}`;
  new Logger('embedded-redis').log(`started ${system ?? 'a downloaded redis-server'} at ${url}`);
  return { url, stop: async () => void (await server.stop()) };
}
