// `--alternate`: book on this checkout's hub and on others (the bare stack, the PostgreSQL ceiling, the hub
// of another checkout) in short alternating slices, all running throughout, so all see the same machine.
//
// Why: on a shared VM the speed drifts by up to 60 % within minutes (the same hub measured 173, 281 and
// 193 ok/s in three consecutive 15 s runs, its CPU per booking 9.2, 6.2 and 8.6 ms). Runs a minute apart
// then compare the machine more than the code. Slices of a few seconds, in A B C C B A order, put every
// side under the same drift; the ratio of two sides' rates in one round is the figure, their median the
// answer. (It also showed a slow first minute after a large publish, on every side alike: probably
// autovacuum.)
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startPostgresCeiling, timed } from './ceilings';
import { backendPids, startHub } from './hub';
import { httpPool, latencySummary, post, stopRequested } from './load';
import { barsHeaders, booking } from './messages';
import { cpuMeter, pidOf } from './procstats';
import { median } from './report';
import { publish } from './scenarios';
import { startStack } from './stack-ceiling';

/** A side of the comparison: how it books slot `i`, the processes it runs on, and its supply of slots. */
interface Side {
  label: string;
  book: (i: number) => Promise<boolean>;
  procs: Record<string, number>;
  backends: () => Promise<number[]>;
  slots: number;
  next: number;
  stop: () => Promise<void>;
}

interface Slice {
  side: string;
  ok: number;
  errors: number;
  seconds: number;
  okMs: number[];
  cpuMsPerOk: Record<string, number>;
}

/** Books over HTTP: a booking message for slot `i` to `/$process-message`, 200 the only success. */
function poster(cfg: any, baseUrl: string) {
  const http = httpPool(baseUrl, cfg.concurrency);
  const book = async (i: number) => {
    const msg = booking(i, cfg.samePatient);
    return (await post(http, '/$process-message', barsHeaders(msg.correlationId), msg.body, false)).status === 200;
  };
  return { book, close: () => http.close().catch(() => undefined) };
}

async function hubSide(cfg: any, register: any, label: string, root: string | undefined, slots: number): Promise<Side> {
  const hub = await startHub({ ...cfg, root, registerCleanup: register });
  const admin = httpPool(hub.baseUrl, 4);
  try {
    await publish(hub, admin, slots);
  } finally {
    await admin.close();
  }
  const { book, close } = poster(cfg, hub.baseUrl);
  const procs = { api: hub.api.pid, ...Object.fromEntries(hub.workers.map((w: any) => [w.name, w.pid])) };
  const stop = async () => (await close(), await hub.stop());
  return { label, book, procs, backends: () => backendPids(hub.sql, hub.dbName), slots, next: 0, stop };
}

async function stackSide(cfg: any, register: any, slots: number): Promise<Side> {
  const stack = await startStack(cfg, register, slots);
  const { book, close } = poster(cfg, stack.baseUrl);
  const procs = { api: stack.api.pid, 'worker-1': stack.workers[0].pid };
  const stop = async () => (await close(), await stack.stop());
  return { label: 'ceiling-stack', book, procs, backends: () => backendPids(stack.sql, stack.dbName), slots, next: 0, stop };
}

/** ceiling-postgres: the booking's statements from this process, as the hub's api and worker send them. */
async function postgresSide(cfg: any, register: any, slots: number): Promise<Side> {
  const ceiling = await startPostgresCeiling(cfg, register, slots);
  const book = async (i: number) => (await ceiling.book(i), true);
  // The client is this process: its CPU is the ceiling's client side, as in ceiling-postgres.
  return {
    label: 'ceiling-postgres',
    book,
    procs: { client: process.pid },
    backends: ceiling.backends,
    slots,
    next: 0,
    stop: ceiling.stop,
  };
}

/** Books on `side` for `seconds` from `concurrency` senders; every slice starts and ends with nothing in flight. */
async function slice(cfg: any, side: Side, seconds: number): Promise<Slice> {
  const redis = pidOf('redis-server');
  const cpu = await cpuMeter(redis && side.label !== 'ceiling-postgres' ? { ...side.procs, 'redis*': redis } : side.procs, side.backends);
  const book = async () => {
    if (side.next >= side.slots) throw new Error(`${side.label} ran out of slots; lower --duration`);
    if (!(await side.book(side.next++))) throw new Error(`${side.label} refused a booking`);
  };
  const { ops, errors, seconds: elapsed, okMs } = await timed(side.label, cfg.concurrency, seconds, book, true);
  const cpuSeconds = await cpu.stop();
  const cpuMsPerOk = Object.fromEntries(Object.entries<number>(cpuSeconds).map(([k, s]) => [k, (1000 * s) / Math.max(1, ops)]));
  return { side: side.label, ok: ops, errors, seconds: elapsed, okMs, cpuMsPerOk };
}

function summarise(label: string, slices: Slice[]) {
  const mine = slices.filter((s) => s.side === label);
  const ok = mine.reduce((n, s) => n + s.ok, 0);
  const seconds = mine.reduce((n, s) => n + s.seconds, 0);
  const procs = [...new Set(mine.flatMap((s) => Object.keys(s.cpuMsPerOk)))];
  return {
    label,
    slices: mine.length,
    ok,
    errors: mine.reduce((n, s) => n + s.errors, 0),
    opsPerS: ok / seconds,
    latencyMs: latencySummary(mine.flatMap((s) => s.okMs)),
    cpuMsPerOk: Object.fromEntries(procs.map((p) => [p, median(mine.map((s) => s.cpuMsPerOk[p]))])),
  };
}

/**
 * `against`: a comma-separated list of `stack` (ceiling-stack), `postgres` (ceiling-postgres) and paths of
 * other checkouts whose hub is built (`dist/`), such as the main an issue's "today" refers to.
 * `cfg.duration` seconds of booking on each side (at least two turns), in turns of `sliceSeconds`, after
 * `cfg.warmup` seconds on each; rounds go A B C, then C B A.
 */
export async function runAlternate(cfg: any, register: any, against: string, sliceSeconds: number) {
  const rounds = Math.max(2, Math.round(cfg.duration / sliceSeconds));
  const slots = Math.ceil((cfg.warmup + rounds * sliceSeconds) * cfg.slotRate);
  const others = against
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  if (others.length === 0) throw new Error('--alternate: name at least one side: stack, postgres or the path of a built checkout');
  for (const other of others) {
    if (!['stack', 'postgres'].includes(other) && !existsSync(resolve(other, 'dist/apps/api/main.js')))
      throw new Error(`--alternate ${other}: not "stack", "postgres" or a checkout with dist/apps/api/main.js (build it first)`);
  }
  const sides: Side[] = [];
  try {
    sides.push(await hubSide(cfg, register, 'hub', undefined, slots));
    for (const other of others) {
      if (other === 'stack') sides.push(await stackSide(cfg, register, slots));
      else if (other === 'postgres') sides.push(await postgresSide(cfg, register, slots));
      else sides.push(await hubSide(cfg, register, `hub at ${other}`, resolve(other), slots));
    }
    if (cfg.warmup > 0) for (const side of sides) await slice(cfg, side, cfg.warmup);
    const slices: Slice[] = [];
    const pairs = sides.flatMap((x, i) => sides.slice(i + 1).map((y) => [x.label, y.label] as const));
    const ratios: Record<string, number[]> = Object.fromEntries(pairs.map(([x, y]) => [`${x} / ${y}`, []]));
    for (let p = 0; p < rounds && !stopRequested(); p++) {
      const round: Record<string, number> = {};
      for (const side of p % 2 === 0 ? sides : [...sides].reverse()) {
        const done = await slice(cfg, side, sliceSeconds);
        round[side.label] = done.ok / done.seconds;
        slices.push(done);
      }
      for (const [x, y] of pairs) ratios[`${x} / ${y}`].push(round[x] / round[y]);
      process.stderr.write(`round ${p + 1}/${rounds}: ${sides.map((s) => `${s.label} ${round[s.label].toFixed(0)}/s`).join(', ')}\n`);
    }
    return {
      alternate: { against: others, sliceSeconds, rounds },
      sides: sides.map((s) => summarise(s.label, slices)),
      ratios: Object.fromEntries(
        pairs.map(([x, y]) => [`${x} / ${y}`, { of: [x, y], perRound: ratios[`${x} / ${y}`], median: median(ratios[`${x} / ${y}`]) }]),
      ),
      slices: slices.map(({ okMs: _ms, ...s }) => s),
    };
  } finally {
    for (const side of sides.reverse()) await side.stop();
  }
}

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');

/** A plain-text table whose columns line up, however long a cell. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}

/** The terminal table of an alternating comparison. */
export function renderAlternate(r: Awaited<ReturnType<typeof runAlternate>>, load: number[]): string {
  const rows = r.sides.map((s) => [
    s.label,
    String(s.slices),
    fmt(s.opsPerS, 0),
    fmt(s.latencyMs.p50),
    fmt(s.latencyMs.p99),
    String(s.errors),
    Object.entries(s.cpuMsPerOk)
      .map(([k, v]) => `${k} ${fmt(v, 2)}`)
      .join(', '),
  ]);
  const rate = Object.fromEntries(r.sides.map((s) => [s.label, s.opsPerS]));
  const ratios = Object.entries(r.ratios).map(([pair, x]) => {
    const [a, b] = x.of;
    return `${pair}: median ${fmt(x.median, 2)} of the rounds ${x.perRound.map((v) => fmt(v, 2)).join(', ')}; of the totals ${fmt(rate[a] / rate[b], 2)}`;
  });
  return [
    `${r.alternate.rounds} rounds of ${r.alternate.sliceSeconds} s turns per side`,
    '',
    ...table(['side', 'slices', 'ok/s', 'p50 ms', 'p99 ms', 'errors', 'CPU ms per booking (median of slices; redis* is shared)'], rows),
    '',
    ...ratios,
    `(load average 1, 5, 15 min at the end: ${load.join(' ')})`,
  ].join('\n');
}
