// The soak's two verdicts and its per-minute table. The rules are explained in docs/benchmarks.md (Soak).
import { table } from './report';

export const P99_FACTOR = 2;
/** Memory "stops growing" when the top of each process's RSS grows by less than this… */
export const GROWTH_PCT = 5;
/** …or by less than this many MiB, whichever is larger (one V8 heap expansion, allocator noise). */
export const GROWTH_FLOOR_MIB = 16;

/**
 * The windows the memory rule compares: minute 1 is left out (pools fill, code gets optimised, the heap
 * finds its size); then the first `k` of the rest against the last `k`, k = 2 when there are five or
 * more minutes (minutes 2–3 against the last two), 1 with three or four, none below three.
 */
export function memoryWindows(count: any) {
  const k = Math.min(2, Math.floor((count - 1) / 2));
  if (k < 1) return undefined;
  const range = (from: any) => Array.from({ length: k }, (_, i) => from + i);
  return { baseline: range(1), final: range(count - k) };
}

const maxOf = (minutes: any, idx: any, proc: any) => Math.max(...idx.map((i: any) => minutes[i].rssMiB[proc]?.max ?? NaN));
const label = (idx: any) => (idx.length === 1 ? `minute ${idx[0] + 1}` : `minutes ${idx[0] + 1}–${idx.at(-1) + 1}`);

export function verdicts(minutes: any, hubProcesses: any) {
  const first = minutes[0]?.latencyMs.p99;
  const last = minutes.at(-1)?.latencyMs.p99;
  const p99 = {
    rule: `p99 of the last minute ≤ ${P99_FACTOR} × p99 of the first`,
    firstMs: first,
    lastMs: last,
    limitMs: P99_FACTOR * first,
    pass: minutes.length < 2 ? null : Number.isFinite(first) && Number.isFinite(last) && last <= P99_FACTOR * first,
  };
  const win = memoryWindows(minutes.length);
  const mem = {
    rule: win
      ? `max RSS of ${label(win.final)} − max RSS of ${label(win.baseline)} < max(${GROWTH_FLOOR_MIB} MiB, ${GROWTH_PCT} % of the latter), for each of ${hubProcesses.join(', ')}`
      : 'needs at least 3 minutes',
    windows: win && { baseline: win.baseline.map((i) => i + 1), final: win.final.map((i) => i + 1) },
    byProcess: {} as Record<string, any>,
    pass: win ? true : null,
  };
  if (win) {
    for (const p of hubProcesses) {
      const baselineMiB = maxOf(minutes, win.baseline, p);
      const finalMiB = maxOf(minutes, win.final, p);
      const allowedMiB = Math.max(GROWTH_FLOOR_MIB, (GROWTH_PCT / 100) * baselineMiB);
      const pass = Number.isFinite(baselineMiB) && Number.isFinite(finalMiB) && finalMiB - baselineMiB < allowedMiB;
      mem.byProcess[p] = { baselineMiB, finalMiB, growthMiB: finalMiB - baselineMiB, allowedMiB, pass };
      mem.pass &&= pass;
    }
  }
  const all = [p99.pass, mem.pass];
  return { p99, memory: mem, pass: all.includes(false) ? false : all.includes(null) ? null : true };
}

const f0 = (x: any) => (Number.isFinite(x) ? x.toFixed(0) : '-');
const f1 = (x: any) => (Number.isFinite(x) ? x.toFixed(1) : '-');
const word = (pass: any) => (pass === null ? 'n/a' : pass ? 'PASS' : 'FAIL');

export function renderSoak(r: any, runLabel = '') {
  const procs = Object.keys(r.minutes[0]?.rssMiB ?? {});
  const out = [
    `soak${runLabel}${r.soak.target === 'ceiling-stack' ? ' (on ceiling-stack, not the hub)' : ''}: ${f1(r.soak.rate)} bookings/s scheduled (open loop) for ${r.soak.seconds} s in windows of ${r.soak.windowS} s, ` +
      `in-flight cap ${r.soak.inFlightCap} (max reached ${r.soak.maxInFlight}), ${r.soak.arrivals} arrivals`,
    table(
      [
        r.soak.windowS === 60 ? 'minute' : `minute (${r.soak.windowS} s)`,
        'ok/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'errors',
        'max send lag ms',
        'max in flight',
        'max queue',
        `max RSS MiB: ${procs.join(' / ')}`,
      ],
      r.minutes.map((m: any) => [
        m.seconds < r.soak.windowS ? `${m.minute} (${f0(m.seconds)} s)` : m.minute,
        f0(m.okPerS),
        f1(m.latencyMs.p50),
        f1(m.latencyMs.p95),
        f1(m.latencyMs.p99),
        Object.entries<any>(m.errors)
          .map(([s, n]) => `${s}: ${n}`)
          .join(', ') || '0',
        f1(m.maxLagMs),
        m.maxInFlight,
        m.maxQueueDepth,
        procs.map((p) => f0(m.rssMiB[p].max)).join(' / '),
      ]),
    ),
  ];
  const { p99, memory, pass } = r.verdicts;
  out.push(
    `${word(p99.pass)}  p99 last minute ${f1(p99.lastMs)} ms ${p99.pass === false ? '>' : '≤'} ${P99_FACTOR} × first minute ${f1(p99.firstMs)} ms = ${f1(p99.limitMs)} ms`,
    `${word(memory.pass)}  memory stops growing: ${memory.rule}`,
  );
  for (const [p, v] of Object.entries<any>(memory.byProcess))
    out.push(
      `      ${word(v.pass)}  ${p}: ${f0(v.baselineMiB)} → ${f0(v.finalMiB)} MiB (${v.growthMiB >= 0 ? '+' : ''}${f1(v.growthMiB)}, allowed < ${f1(v.allowedMiB)})`,
    );
  out.push(`${word(pass)}  soak${r.valid === false ? ' (not valid: a hub process died)' : ''}; inbox drained: ${r.drained ? 'yes' : 'NO'}`);
  return out.join('\n');
}
