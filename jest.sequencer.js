// Runs the long suites first. With a few Jest workers the run ends when its last suite does, so a
// 2-minute suite started last (Jest orders a fresh clone's first run by file size, and the fuzz file is
// small) would run alone at the end. Jest's own order (slowest of the last run first) decides the rest.
const Sequencer = require('@jest/test-sequencer').default;

/** Longest first, as measured on a 2-core machine (seconds, alone). Keep roughly in step when suites grow. */
const LONG = [
  'fuzz', // ~100
  'outage-long', // ~45, mostly waiting out a 30 s outage
  'faults', // ~40
  'health-metrics', // ~30
  'races',
  'redis-cluster',
  'outage',
  'rate-limit',
  'reply-timeout',
  'shutdown',
  'house-rules',
  'scaling',
  'pointer-restart',
];
const rank = (path) => {
  const i = LONG.findIndex((name) => path.endsWith(`/test/${name}.e2e-spec.ts`));
  return i === -1 ? LONG.length : i;
};

class LongFirst extends Sequencer {
  async sort(tests) {
    const order = await super.sort(tests);
    return [...order].sort((a, b) => rank(a.path) - rank(b.path));
  }
}

module.exports = LongFirst;
