import fc from 'fast-check';

export interface ConcurrentOptions {
  numRuns: number;
  /** Cases in flight at once. */
  concurrency: number;
  /** Stop drawing new cases after this long (the cases run so far are reported). */
  timeLimitMs: number;
  /** Replays a reported run (fast-check prints it). */
  seed?: number;
}

export interface ConcurrentReport {
  seed: number;
  ran: number;
}

/**
 * `fc.assert` runs an async property one case at a time. A fuzz case here is a request that may wait on a
 * worker in another process, so one at a time the run mostly waits (10,000 cases took minutes). This draws
 * exactly the cases `fc.assert` would draw for `seed` (`fc.sample` walks the same generator), runs them
 * `concurrency` at a time, and when one fails hands it back to `fc.assert` by its `path`: fast-check then
 * replays it alone, shrinks it and reports it as usual, seed and path included, so a failure reads and
 * replays (FUZZ_SEED) the same as before.
 */
export async function assertConcurrently<T>(
  arb: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  opts: ConcurrentOptions,
): Promise<ConcurrentReport> {
  const seed = opts.seed ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const cases = fc.sample(arb, { numRuns: opts.numRuns, seed });
  const deadline = Date.now() + opts.timeLimitMs;
  let next = 0;
  let ran = 0;
  let failed: number | undefined;
  let failure: unknown;

  const lane = async (): Promise<void> => {
    while (next < cases.length && failed === undefined && Date.now() < deadline) {
      const index = next++;
      try {
        await predicate(cases[index]);
        ran++;
      } catch (e) {
        if (failed === undefined || index < failed) [failed, failure] = [index, e];
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));

  if (failed !== undefined) {
    // Alone, it may pass (a failure that needed company): then the concurrent failure is the report.
    await fc.assert(fc.asyncProperty(arb, predicate), { seed, path: String(failed), numRuns: opts.numRuns });
    throw new Error(
      `case ${failed} of seed ${seed} failed among ${opts.concurrency} concurrent cases but passes alone: ` +
        `replay with FUZZ_SEED=${seed}. It failed with: ${failure instanceof Error ? failure.message : String(failure)}\n` +
        `The case: ${JSON.stringify(cases[failed]).slice(0, 2000)}`,
    );
  }
  return { seed, ran };
}
