import { PinoLogger } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';

/**
 * Runs `work` with `bindings` on every log line written inside it, through any Nest `Logger`: the
 * worker's equivalent of the api's per-request log context. A process without nestjs-pino (the
 * standalone quick start) just runs the work.
 */
export function withLogContext<T>(bindings: Record<string, string | number | undefined>, work: () => Promise<T>): Promise<T> {
  // `root` is set once nestjs-pino's middleware is configured; it is absent without nestjs-pino.
  const root: typeof PinoLogger.root | undefined = storage.getStore()?.logger ?? PinoLogger.root;
  if (root === undefined) return work();
  return storage.run(new Store(root.child(bindings)), work);
}
