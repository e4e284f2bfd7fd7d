// Medians over repeated runs, the terminal table, and the machine the figures came from.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export function median(values: any) {
  const v = values.filter((x: any) => typeof x === 'number' && Number.isFinite(x)).sort((a: any, b: any) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const load = () => os.loadavg().map((l) => Number(l.toFixed(2)));
export const loadNow = load;

function version(cmd: any, args: any) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')[0];
  } catch {
    return undefined;
  }
}

export async function machine(sql: any, redisInfo: any) {
  const pgVersion = sql ? (await sql.query('SHOW server_version')).rows[0].server_version : undefined;
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model,
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    postgres: pgVersion,
    redis: /redis_version:(\S+)/.exec(redisInfo ?? '')?.[1],
    kernel: os.release(),
    gitCommit: version('git', ['rev-parse', '--short', 'HEAD']),
    loadAvgAtStart: load(),
  };
}

/** Medians of the figures a reader compares, per scenario and per ceiling. */
export function medians(runs: any) {
  const out: any = {};
  const groups: any = {};
  for (const run of runs) for (const r of run.results) if (r.valid !== false) (groups[r.scenario ?? r.ceiling] ??= []).push(r);
  for (const [name, rs] of Object.entries<any>(groups)) {
    const m = (f: any) => median(rs.map(f));
    const procs = [...new Set(rs.flatMap((r: any) => Object.keys(r.memory ?? {})))];
    const cpu = [...new Set(rs.flatMap((r: any) => Object.keys(r.cpuMsPerOk ?? {})))];
    out[name] = {
      runs: rs.length,
      opsPerS: m((r: any) => r.opsPerS),
      processedPerS: m((r: any) => r.processedPerS),
      p50: m((r: any) => r.latencyMs.p50),
      p95: m((r: any) => r.latencyMs.p95),
      p99: m((r: any) => r.latencyMs.p99),
      errors: rs.reduce((acc: any, r: any) => {
        for (const [k, n] of Object.entries<any>(r.errors ?? {})) acc[k] = (acc[k] ?? 0) + n;
        return acc;
      }, {}),
      errorCountPerRun: m((r: any) =>
        typeof r.errors === 'number' ? r.errors : Object.values(r.errors ?? {}).reduce((a: any, b: any) => a + b, 0),
      ),
      peakRssMiB: Object.fromEntries(procs.map((p: any) => [p, m((r: any) => r.memory?.[p]?.peakRssMiB)])),
      cpuMsPerOk: Object.fromEntries(cpu.map((p: any) => [p, m((r: any) => r.cpuMsPerOk?.[p])])),
      loadAvg1: m((r: any) => r.loadAvg?.[0]),
      // gpc-book: bookings that lost their slot to another sender between search and book, all runs.
      lostRaces: rs.some((r: any) => r.lostRaces !== undefined) ? rs.reduce((n: any, r: any) => n + (r.lostRaces ?? 0), 0) : undefined,
    };
  }
  return out;
}

const f0 = (x: any) => (Number.isFinite(x) ? x.toFixed(0) : '-');
const f1 = (x: any) => (Number.isFinite(x) ? x.toFixed(1) : '-');
const f2 = (x: any) => (Number.isFinite(x) ? x.toFixed(2) : '-');

export function table(headers: any, rows: any) {
  const widths = headers.map((h: any, i: any) => Math.max(h.length, ...rows.map((r: any) => String(r[i]).length)));
  const line = (cells: any) => '| ' + cells.map((c: any, i: any) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  return [line(headers), '|' + widths.map((w: any) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}

export function render(report: any) {
  const med = report.medians;
  const scenarios = Object.keys(med).filter((k) => !k.startsWith('ceiling'));
  const errs = (e: any) =>
    Object.entries<any>(e)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ') || '0';
  const out: any[] = [];
  out.push(
    table(
      ['scenario', 'runs', 'ok/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors (all runs)', 'peak RSS MiB', 'CPU ms per ok', 'load 1m'],
      scenarios.map((s) => {
        const m = med[s];
        return [
          s +
            (s === 'burst' ? ` (drained ${f0(m.processedPerS)}/s)` : '') +
            (m.lostRaces !== undefined ? ` (lost races ${m.lostRaces})` : ''),
          m.runs,
          f0(m.opsPerS),
          f1(m.p50),
          f1(m.p95),
          f1(m.p99),
          errs(m.errors),
          Object.entries<any>(m.peakRssMiB)
            .map(([p, v]) => `${p} ${f0(v)}`)
            .join(', '),
          Object.entries<any>(m.cpuMsPerOk)
            .map(([p, v]) => `${p} ${f1(v)}`)
            .join(', '),
          f1(m.loadAvg1),
        ];
      }),
    ),
  );
  const ceilings = Object.keys(med).filter((k) => k.startsWith('ceiling'));
  if (ceilings.length > 0) {
    const book = med.book?.opsPerS;
    out.push(
      '',
      table(
        ['ceiling', 'runs', 'ops/s', 'p50 ms', 'p99 ms', 'errors/run', 'CPU ms per op', 'book ok/s as % of it', 'load 1m'],
        ceilings.map((c) => [
          c,
          med[c].runs,
          f0(med[c].opsPerS),
          f1(med[c].p50),
          f1(med[c].p99),
          f0(med[c].errorCountPerRun),
          Object.entries<any>(med[c].cpuMsPerOk)
            .map(([p, v]) => `${p} ${f2(v)}`)
            .join(', '),
          book ? f1((100 * book) / med[c].opsPerS) : '-',
          f1(med[c].loadAvg1),
        ]),
      ),
    );
  }
  for (const run of report.runs) {
    for (const r of run.results.filter((x: any) => x.slotsExhausted)) {
      out.push(`\nrun ${run.run} ${r.scenario} used every published slot and stopped at ${r.seconds.toFixed(1)} s (raise --slot-rate)`);
    }
    for (const r of run.results.filter((x: any) => x.valid === false)) {
      out.push(
        `\nrun ${run.run} ${r.scenario} left out of the medians: ${r.deaths.map((d: any) => `${d.name} exited (${d.signal ?? d.code})`).join(', ')}`,
      );
    }
  }
  const last = report.runs.at(-1);
  for (const r of last?.results ?? []) {
    if (!r.scenario) continue;
    out.push(`\n${r.scenario} (last run) rows: ${JSON.stringify(r.rows)} queue: ${JSON.stringify(r.queue)} peak depth ${r.peakQueueDepth}`);
    for (const [k, v] of Object.entries<any>(r.errorSamples ?? {})) out.push(`  ${k}: ${v.slice(0, 160)}`);
  }
  return out.join('\n');
}
