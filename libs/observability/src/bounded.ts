/**
 * How long anything an endpoint asks of Redis or PostgreSQL may take before the endpoint answers without
 * it. BullMQ's connections queue commands while Redis is away (they must, to block), and the pool waits
 * for a connection: neither may hold an HTTP answer (every endpoint answers within 2 s).
 */
export const DEPENDENCY_TIMEOUT_MS = 1500;

/** `work`, or a rejection naming `what` once `ms` have passed. */
export function withTimeout<T>(work: Promise<T>, what: string, ms = DEPENDENCY_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  // The abandoned work may still fail later; that must not become an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
