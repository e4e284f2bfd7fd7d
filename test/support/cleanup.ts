import type { ChildProcess } from 'node:child_process';

/**
 * What a suite starts that must not outlive it: child processes (built api and worker, redis-server) and
 * in-process resources holding sockets (a Nest app's Redis and PostgreSQL connections, a pg Pool, an HTTP
 * server). Support code registers each one as it is created, before anything can fail, so that the test
 * environment (`test/support/environment.ts`) can end them when the suite ends in any way: passed, failed,
 * a hook that threw half-way through a start-up, or a timeout. A suite that stops its own things
 * normally finds nothing left to do here.
 *
 * Layers, from the gentlest:
 * 1. the suite's own `afterAll` (e.g. `hub.stop()`), which closes things in order and drops the database;
 * 2. the environment's teardown, after every hook of the file has run: runs the closers still registered
 *    (each bounded in time), then SIGTERMs the children still alive and SIGKILLs them after a grace period;
 * 3. `process.on('exit')` in the environment: SIGKILLs any child still alive if Jest itself goes away;
 * 4. `test/support/global-teardown.ts`: if the Jest process has not exited a few seconds after the run,
 *    it names what is still open and exits with a failure instead of hanging.
 *
 * Proved by hand (2026-11-30), with a throw-away suite `test/zz-probe.e2e-spec.ts`:
 * - `beforeAll` ran `hub = await startHub()` then threw, and `afterAll` forgot `hub.stop()`. With this
 *   registry, `npx jest --runInBand test/zz-probe.e2e-spec.ts` reported the failure and exited in 15 s;
 *   `pgrep -af dist/apps/worker` found no worker left. Without it (the same suite on the previous
 *   support code) Jest printed "Jest did not exit one second after the test run has completed" and
 *   hung until `timeout 60` killed it.
 * - a test that opened a `net` server and never closed it (not registered anywhere): the global teardown
 *   printed the open handles (`TCPServerWrap`) 10 s after the run and exited with 1.
 * To repeat it, add `throw new Error('boom')` after the `startHub()` call of any suite and watch the run end.
 */
export interface SuiteRegistry {
  children: Set<ChildProcess>;
  closers: Map<string, () => Promise<unknown>>;
}

declare global {
  // Set by the test environment (outer realm) so that it can reach what the suite registered.
  var __suiteRegistry: SuiteRegistry | undefined;
}

/** Outside the e2e environment (e.g. a unit spec) a local registry keeps the calls harmless. */
function registry(): SuiteRegistry {
  globalThis.__suiteRegistry ??= { children: new Set(), closers: new Map() };
  return globalThis.__suiteRegistry;
}

/** Registers a spawned process; it is forgotten once it exits. */
export function trackChild(child: ChildProcess): ChildProcess {
  const { children } = registry();
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

let next = 0;
/**
 * Registers `close` to run when the suite ends if nobody ran it before; returns a function that runs it
 * now (at most once) and unregisters it, for the normal stop path.
 */
export function closeAtSuiteEnd(name: string, close: () => Promise<unknown>): () => Promise<void> {
  const key = `${name}#${++next}`;
  let done: Promise<unknown> | undefined;
  const once = (): Promise<unknown> => (done ??= close());
  registry().closers.set(key, once);
  return async () => {
    registry().closers.delete(key);
    await once();
  };
}
