#!/usr/bin/env node
// `npm run bench`: the hub under load, as production runs it, next to what this machine's Redis and
// PostgreSQL can do at most. See docs/benchmarks.md for what it measures and the latest figures.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import pg from 'pg';
import { bullmqCeiling, postgresCeiling } from './lib/ceilings';
import { stackCeiling } from './lib/stack-ceiling';
import { loadNow, machine, median, medians, render } from './lib/report';
import { requestStop, stopRequested } from './lib/load';
import { runScenario } from './lib/scenarios';
import { runSoak } from './lib/soak';
import { soakChartHtml } from './lib/soak-chart';
import { renderSoak } from './lib/soak-verdicts';
import { formatSummary, summarise } from './profile-summary';
import { renderAlternate, runAlternate } from './lib/alternate';

const USAGE = `usage: npm run bench -- [options]
  --scenario book|gpc-book|mix|burst|soak|all, or a list such as book,soak (all: book, gpc-book, mix, burst; never soak)
  --duration <s> per scenario and ceiling (20)
  --concurrency <n> senders (32)             --workers <n> worker processes (1)
  --worker-concurrency <n> (8)               --runs <n> repeat everything, report medians (1)
  --warmup <s> untimed bookings first (3)    --burst-concurrency <n> senders in burst (256)
  --slot-rate <n> slots published per second of run (1000)
  --soak-rate <n/s> bookings per second, open loop (default: 70 % of book's median ok/s, if book ran first)
  --soak-minutes <n> (5)   --soak-window <s> seconds in a soak "minute" (60)   --soak-inflight <n> cap (512)
  --soak-stack  soak ceiling-stack's bare api and worker instead of the hub (what the design alone keeps)
  --alternate stack,postgres,<checkout>…  book on this hub and on ceiling-stack, ceiling-postgres and/or
                other checkouts' built hubs in turns, --duration seconds each, so drift hits all alike
  --slice <s>   length of one slice with --alternate (5)
  --ceilings / --no-ceilings (on, except for a soak alone)
  --profile (book only, node --cpu-prof on api and worker)
  --same-patient  every booking for the official example's one patient (default: a patient per booking)
  --env KEY=VALUE  a hub setting for api and workers, e.g. --env DATABASE_POOL_SIZE=40 (repeatable)
  --database-url (postgres://postgres@127.0.0.1:5432/postgres)  --redis-url (redis://127.0.0.1:6379)`;

const { values: a } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'all' },
    duration: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '32' },
    workers: { type: 'string', default: '1' },
    'worker-concurrency': { type: 'string', default: '8' },
    runs: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '3' },
    'burst-concurrency': { type: 'string', default: '256' },
    'slot-rate': { type: 'string', default: '1000' },
    'soak-rate': { type: 'string' },
    'soak-minutes': { type: 'string', default: '5' },
    'soak-window': { type: 'string', default: '60' },
    'soak-inflight': { type: 'string', default: '512' },
    'soak-stack': { type: 'boolean', default: false },
    alternate: { type: 'string' },
    slice: { type: 'string', default: '5' },
    ceilings: { type: 'boolean' },
    'no-ceilings': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'same-patient': { type: 'boolean', default: false },
    env: { type: 'string', multiple: true, default: [] },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
    help: { type: 'boolean', default: false },
  },
});
if (a.help) {
  console.log(USAGE);
  process.exit(0);
}
const int = (name: any, min: any, max: any) => {
  const n = Number((a as any)[name]);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}\n${USAGE}`);
  return n;
};
const local = (url: any) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
if (!local(a['database-url']) || !local(a['redis-url'])) throw new Error('the bench only talks to services on 127.0.0.1');
const num = (name: any, min: any, max: any) => {
  const n = Number((a as any)[name]);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}\n${USAGE}`);
  return n;
};
const SCENARIOS = ['book', 'gpc-book', 'mix', 'burst'];
// The soak takes minutes, so `all` leaves it out; name it, alone or after book (`book,soak`).
const scenarios = a.profile ? ['book'] : a.scenario.split(',').flatMap((s) => (s === 'all' ? SCENARIOS : [s]));
if (!scenarios.every((s) => [...SCENARIOS, 'soak'].includes(s))) throw new Error(`unknown scenario "${a.scenario}"\n${USAGE}`);
if (scenarios.includes('soak') && a['soak-rate'] === undefined && !scenarios.slice(0, scenarios.indexOf('soak')).includes('book'))
  throw new Error(`--scenario soak needs --soak-rate, or book before it (book,soak) to take 70 % of its ok/s\n${USAGE}`);

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const resultsDir = `${__dirname}/results/`;
const cfg = {
  duration: int('duration', 1, 3600),
  concurrency: int('concurrency', 1, 2000),
  workers: int('workers', 1, 16),
  workerConcurrency: int('worker-concurrency', 1, 500),
  warmup: int('warmup', 0, 600),
  burstConcurrency: int('burst-concurrency', 1, 5000),
  slotRate: int('slot-rate', 10, 100_000),
  soakRate: a['soak-rate'] === undefined ? undefined : num('soak-rate', 1, 20_000),
  soakMinutes: num('soak-minutes', 0.05, 600),
  soakWindow: int('soak-window', 5, 3600),
  soakInflight: int('soak-inflight', 1, 5000),
  soakStack: a['soak-stack'],
  databaseUrl: a['database-url'],
  redisUrl: a['redis-url'],
  samePatient: a['same-patient'],
  profileDir: a.profile ? `${resultsDir}profiles/${stamp}` : undefined,
  env: Object.fromEntries(
    a.env.map((kv) => {
      const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(kv);
      if (!m) throw new Error(`--env ${kv}: expected KEY=VALUE\n${USAGE}`);
      if (['DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX', 'PORT', 'WORKER_HTTP_PORT'].includes(m[1]))
        throw new Error(`--env ${m[1]}: the bench sets that itself`);
      return [m[1], m[2]];
    }),
  ),
};
const runs = int('runs', 1, 50);
// A soak on its own is about the hub over time: ceilings only when asked for (--ceilings).
const withCeilings = (a.ceilings ?? !scenarios.every((s) => s === 'soak')) && !a['no-ceilings'] && !a.profile;

// Everything started registers its teardown here, so a failure or Ctrl-C still leaves no process,
// database or Redis key behind.
const cleanups: any = [];
const register = (fn: any) => cleanups.push(fn);
async function cleanupAll() {
  while (cleanups.length > 0)
    await cleanups
      .pop()()
      .catch((e: any) => process.stderr.write(`cleanup: ${e.message}\n`));
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    process.stderr.write(`\n${sig}: stopping the senders and cleaning up\n`);
    requestStop();
    void cleanupAll().finally(() => process.exit(130));
  });
}

async function describeMachine() {
  const sql = new pg.Client({ connectionString: cfg.databaseUrl });
  const redis = new Redis(cfg.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    await sql.connect();
    return await machine(sql, await redis.info('server'));
  } finally {
    await sql.end().catch(() => undefined);
    redis.disconnect();
  }
}

async function alternate() {
  const started = new Date().toISOString();
  const machineNow = await describeMachine();
  const result = await runAlternate(cfg, register, a.alternate as string, int('slice', 1, 600));
  const report = { started, config: cfg, machine: machineNow, ...result, finished: new Date().toISOString() };
  mkdirSync(resultsDir, { recursive: true });
  const file = `${resultsDir}${stamp}-alternate.json`;
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(renderAlternate(result, loadNow()));
  console.log(`\nresults: ${file}`);
}

async function main() {
  if (a.alternate !== undefined) return alternate();
  const report: any = {
    started: new Date().toISOString(),
    config: { ...cfg, runs, scenarios, ceilings: withCeilings },
    machine: await describeMachine(),
    runs: [],
  };
  process.stderr.write(`bench: ${scenarios.join(', ')}${withCeilings ? ' + ceilings' : ''}, ${runs} run(s), load ${loadNow().join(' ')}\n`);
  for (let run = 1; run <= runs; run++) {
    const results: any[] = [];
    for (const scenario of scenarios) {
      const loadAvg = loadNow();
      const r =
        scenario === 'soak'
          ? await runSoak({ ...cfg, soakRate: soakRate(report.runs, results) }, register)
          : await runScenario({ ...cfg, scenario }, register);
      results.push({ ...r, loadAvg, loadAvgAfter: loadNow() });
    }
    if (withCeilings) {
      for (const [name, fn] of <Array<[string, (c: any, r: any) => Promise<any>]>>[
        ['ceiling-bullmq', bullmqCeiling],
        ['ceiling-postgres', postgresCeiling],
        ['ceiling-stack', stackCeiling],
      ]) {
        const loadAvg = loadNow();
        results.push({ ceiling: name, ...(await fn(cfg, register)), loadAvg, loadAvgAfter: loadNow() });
      }
    }
    report.runs.push({ run, results });
  }
  report.medians = medians(report.runs);
  report.finished = new Date().toISOString();
  if (cfg.profileDir) report.profiles = profiles(cfg.profileDir, report.runs.at(-1).results[0].window);
  mkdirSync(resultsDir, { recursive: true });
  const file = `${resultsDir}${stamp}-${a.profile ? 'profile' : scenarios.join('-')}.json`;
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  const charts: string[] = [];
  for (const run of report.runs)
    for (const r of run.results.filter((x: any) => x.scenario === 'soak' && Array.isArray(x.minutes))) {
      const chart = file.replace(/\.json$/, runs > 1 ? `.soak-run${run.run}.html` : '.soak.html');
      writeFileSync(
        chart,
        soakChartHtml(
          r.minutes,
          `Soak${r.soak.target === 'ceiling-stack' ? ' of ceiling-stack' : ''} at ${r.soak.rate}/s, ${report.started}${runs > 1 ? `, run ${run.run}` : ''}`,
        ),
      );
      charts.push(chart);
    }
  console.log(render(report));
  for (const run of report.runs)
    for (const r of run.results.filter((x: any) => x.scenario === 'soak'))
      console.log(`\n${renderSoak(r, runs > 1 ? ` (run ${run.run})` : '')}`);
  for (const [name, p] of Object.entries<any>(report.profiles ?? {})) console.log(`\n${formatSummary(`${name} (${p.file})`, p.summary)}`);
  console.log(`\nresults: ${file}`);
  for (const chart of charts) console.log(`soak chart: ${chart}`);
}

/** --soak-rate, else 70 % of the median ok/s of this invocation's book runs so far (the peak it measured). */
function soakRate(done: any, current: any) {
  if (cfg.soakRate !== undefined) return cfg.soakRate;
  const book = [...done.flatMap((r: any) => r.results), ...current].filter((r) => r.scenario === 'book' && r.valid !== false);
  const rate = 0.7 * median(book.map((r) => r.opsPerS));
  if (!(rate >= 1)) throw new Error('soak: no valid book run to take 70 % of; pass --soak-rate');
  return Number(rate.toFixed(1));
}

/** Summaries of the .cpuprofile files the hub's processes wrote on exit, over the measured window only. */
function profiles(dir: any, window: any) {
  const out: any = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'))) {
    const file = `${dir}/${f}`;
    const summary = summarise(JSON.parse(readFileSync(file, 'utf8')), { top: 30, from: window.fromUs, to: window.toUs });
    out[f.replace('.cpuprofile', '')] = { file, window, summary };
  }
  return out;
}

main()
  .catch((error) => {
    // After Ctrl-C the run's own teardown races the half-finished measurement: say nothing more.
    if (!stopRequested()) process.stderr.write(`\nbench failed: ${error.stack ?? error.message}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanupAll();
  });
