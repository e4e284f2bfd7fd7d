/**
 * The last safety net (see `cleanup.ts`): Jest waits for every open handle before it exits, so one socket
 * a suite forgot would hang `npm test` for good. This timer does not keep the process alive itself
 * (`unref`); it only fires if something else does, names what, and exits with a failure.
 * Chosen over `--forceExit`, which would end every run at once and hide such leaks, and over
 * `--detectOpenHandles`, which slows every run to find what this prints only when it matters.
 */
const GRACE_MS = 10_000;

export default function globalTeardown(): void {
  setTimeout(() => {
    const open = process.getActiveResourcesInfo().filter((r) => !['TTYWrap', 'PipeWrap', 'Timeout'].includes(r));
    process.stderr.write(
      `\nThe test run finished ${GRACE_MS / 1000} s ago but handles are still open (${open.join(', ')}): ` +
        'a suite did not close what it opened. Exiting with a failure instead of hanging.\n',
    );
    process.exit(process.exitCode || 1);
  }, GRACE_MS).unref();
}
