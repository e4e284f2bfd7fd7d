import type { ChildProcess } from 'node:child_process';
import { TestEnvironment } from 'jest-environment-node';
import type { SuiteRegistry } from './cleanup';

const CLOSE_TIMEOUT_MS = 15_000;
const KILL_GRACE_MS = 5_000;

const alive = (c: ChildProcess): boolean => c.exitCode === null && c.signalCode === null;

function bounded(what: string, work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      process.stderr.write(`suite cleanup: ${what} did not finish within ${ms} ms; moving on\n`);
      resolve();
    }, ms);
  });
  return Promise.race([
    work.then(
      () => undefined,
      (e: unknown) => void process.stderr.write(`suite cleanup: ${what} failed: ${String(e)}\n`),
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

/**
 * The e2e suites' environment: Node's, plus the last word on what a suite started (see `cleanup.ts`).
 * Teardown runs after every hook of the file, whatever happened in them.
 */
export default class HubTestEnvironment extends TestEnvironment {
  private readonly registry: SuiteRegistry = { children: new Set(), closers: new Map() };
  private readonly killOnExit = (): void => {
    for (const child of this.registry.children) if (alive(child)) child.kill('SIGKILL');
  };

  override async setup(): Promise<void> {
    await super.setup();
    this.global.__suiteRegistry = this.registry;
    process.on('exit', this.killOnExit);
  }

  override async teardown(): Promise<void> {
    try {
      const closers = [...this.registry.closers];
      this.registry.closers.clear();
      for (const [name, close] of closers.reverse()) await bounded(name, close(), CLOSE_TIMEOUT_MS);
      const left = [...this.registry.children].filter(alive);
      if (left.length > 0) {
        process.stderr.write(`suite cleanup: stopping ${left.length} child process(es) the suite left running\n`);
        await Promise.all(left.map((child) => stopChild(child)));
      }
    } finally {
      process.off('exit', this.killOnExit);
      await super.teardown();
    }
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  await bounded(`pid ${child.pid}`, exited, KILL_GRACE_MS * 2);
  clearTimeout(timer);
}
