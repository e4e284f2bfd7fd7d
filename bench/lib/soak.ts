// The soak (issue #7): bookings at a fixed arrival rate (open loop) for --soak-minutes, measured per
// minute, then two verdicts: p99 holds and memory stops growing (bench/lib/soak-verdicts.ts).
import { backendPids, startHub } from './hub';
import { Tally, httpPool, latencySummary, post, progress, stopRequested } from './load';
import { barsHeaders, booking } from './messages';
import { cpuMeter, memory, pidOf } from './procstats';
import { drain, publish, queueDepth, rowCounts } from './scenarios';
import { verdicts } from './soak-verdicts';
import { startStack } from './stack-ceiling';

/** What a request refused by the in-flight cap counts as: an error, never a latency. */
export const DROPPED = 'dropped:in-flight-cap';

/**
 * Schedules booking `i` at `i / rate` seconds from the start, whether or not earlier ones have been
 * answered, so a slow hub cannot slow the load down (no coordinated omission). `onResult` gets the
 * scheduled time (ms from the start) and the answer, its latency measured from that scheduled time, plus
 * how late the bench itself sent it (`lagMs`). Above `cap` requests in flight an arrival is dropped.
 */
function openLoop({ pool, rate, seconds, cap, firstSlot, samePatient, onResult }: any) {
  const total = Math.floor(rate * seconds);
  const intervalMs = 1000 / rate;
  const t0 = performance.now();
  const state = { t0, sent: 0, inFlight: 0, maxInFlight: 0, total };
  const pending = new Set();
  const done = new Promise<any>((resolve) => {
    const tick = () => {
      while (state.sent < total && !stopRequested()) {
        const scheduled = state.sent * intervalMs;
        const lagMs = performance.now() - t0 - scheduled;
        if (lagMs < 0) break;
        const i = state.sent++;
        if (state.inFlight >= cap) {
          onResult(scheduled, { status: DROPPED, ms: 0, lagMs, text: `more than ${cap} requests in flight` });
          continue;
        }
        state.inFlight++;
        state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
        const msg = booking(firstSlot + i, samePatient);
        const p = post(pool, '/$process-message', barsHeaders(msg.correlationId), msg.body, false).then((r) => {
          state.inFlight--;
          pending.delete(p);
          onResult(scheduled, { ...r, ms: performance.now() - t0 - scheduled, lagMs });
        });
        pending.add(p);
      }
      if (state.sent >= total || stopRequested()) void Promise.all(pending).then(resolve);
      else setTimeout(tick, Math.max(0, state.sent * intervalMs - (performance.now() - t0)));
    };
    tick();
  });
  return { state, done };
}

/** One measurement window ("minute"): answers, the bench's send lag, queue depth and RSS per process. */
function newWindow(processes: any) {
  const rss = Object.fromEntries(Object.keys(processes).map((p) => [p, { max: 0, min: Infinity }]));
  return { tally: new Tally(), maxLagMs: 0, maxInFlight: 0, maxQueueDepth: 0, rss };
}

function summariseWindow(w: any, index: any, windowS: any, seconds: any) {
  const from = index * windowS;
  const span = Math.min(windowS, seconds - from);
  const ok = w.tally.total((s: any) => s === '200');
  const errors: any = {};
  for (const [s, n] of Object.entries<any>(w.tally.byOp.book?.statuses ?? {})) if (s !== '200') errors[s] = n;
  return {
    minute: index + 1,
    fromS: from,
    seconds: span,
    arrivals: w.tally.total(),
    ok,
    okPerS: ok / span,
    latencyMs: latencySummary(w.tally.byOp.book?.okMs ?? []),
    errors,
    maxLagMs: w.maxLagMs,
    maxInFlight: w.maxInFlight,
    maxQueueDepth: w.maxQueueDepth,
    rssMiB: Object.fromEntries(Object.entries<any>(w.rss).map(([p, v]) => [p, { max: v.max, min: Number.isFinite(v.min) ? v.min : NaN }])),
  };
}

export async function runSoak(cfg: any, registerCleanup: any) {
  const { soakRate: rate, soakInflight: cap, soakWindow: windowS } = cfg;
  const seconds = cfg.soakMinutes * windowS;
  const windowCount = Math.ceil(seconds / windowS);
  // One slot per scheduled arrival (warm-up included): the soak cannot run out, whatever --slot-rate says.
  const warmArrivals = Math.floor(rate * cfg.warmup);
  const slotCount = warmArrivals + Math.floor(rate * seconds);
  // --soak-stack: the same load on ceiling-stack's bare api and worker, its slots seeded in advance.
  const hub: any = cfg.soakStack ? await startStack(cfg, registerCleanup, slotCount) : await startHub({ ...cfg, registerCleanup });
  const pool = httpPool(hub.baseUrl, cap);
  const timers: any[] = [];
  try {
    const published = hub.seeded ?? (await publish(hub, pool, slotCount));
    const warm = new Tally();
    if (cfg.warmup > 0) {
      const run = openLoop({
        pool,
        rate,
        seconds: cfg.warmup,
        cap,
        firstSlot: 0,
        samePatient: cfg.samePatient,
        onResult: (_: any, r: any) => warm.add('book', r),
      });
      await run.done;
    }
    const processes: Record<string, number> = {
      api: hub.api.pid,
      ...Object.fromEntries(hub.workers.map((w: any) => [w.name, w.pid])),
      bench: process.pid,
    };
    const redisPid = pidOf('redis-server');
    const cpu = await cpuMeter(redisPid ? { ...processes, 'redis*': redisPid } : processes, () => backendPids(hub.sql, hub.dbName));
    const windows = Array.from({ length: windowCount }, () => newWindow(processes));
    const all = new Tally();
    const at = (ms: any) => windows[Math.min(windowCount - 1, Math.max(0, Math.floor(ms / 1000 / windowS)))];
    const run = openLoop({
      pool,
      rate,
      seconds,
      cap,
      firstSlot: warmArrivals,
      samePatient: cfg.samePatient,
      onResult: (scheduled: any, r: any) => {
        const w = at(scheduled);
        w.tally.add('book', r);
        w.maxLagMs = Math.max(w.maxLagMs, r.lagMs);
        all.add('book', r);
      },
    });
    const now = () => performance.now() - run.state.t0;
    // RSS every 250 ms as procstats does, kept per window as its max (and min, to show the GC sawtooth).
    const sampleRss = () => {
      const w = at(now());
      w.maxInFlight = Math.max(w.maxInFlight, run.state.inFlight);
      for (const [name, pid] of Object.entries<any>(processes)) {
        const m = memory(pid)?.rssMiB;
        if (m === undefined) continue;
        w.rss[name].max = Math.max(w.rss[name].max, m);
        w.rss[name].min = Math.min(w.rss[name].min, m);
      }
    };
    sampleRss();
    timers.push(setInterval(sampleRss, 250));
    timers.push(
      setInterval(
        () =>
          void queueDepth(hub.queue).then(
            (q: any) => ((w) => (w.maxQueueDepth = Math.max(w.maxQueueDepth, q.waiting + q.active + q.prioritized)))(at(now())),
            () => undefined,
          ),
        1000,
      ),
    );
    const okNow = () => all.total((s: any) => s === '200');
    const bar = progress(
      'soak',
      () => now() / 1000 / seconds,
      () =>
        `${okNow()} ok ${all.total((s: any) => s !== '200')} err ${run.state.inFlight} in flight, minute ${Math.min(windowCount, Math.floor(now() / 1000 / windowS) + 1)}/${windowCount}`,
    );
    await run.done;
    bar.done();
    // Ctrl-C: the minutes so far would give verdicts on a soak that did not happen; report nothing.
    if (stopRequested()) throw new Error('soak interrupted');
    sampleRss();
    for (const t of timers.splice(0)) clearInterval(t);
    const answeredS = now() / 1000;
    const drained = await drain(hub, 60_000);
    const cpuSeconds = await cpu.stop();
    const deaths = hub.deaths();
    if (deaths.length > 0)
      process.stderr.write(`soak: ${deaths.map((d: any) => `${d.name} exited (${d.signal ?? d.code})`).join(', ')}: run not valid\n`);
    const minutes = windows.map((w, i) => summariseWindow(w, i, windowS, seconds));
    const ok = okNow();
    const statuses = all.byOp.book?.statuses ?? {};
    return {
      scenario: 'soak',
      valid: deaths.length === 0,
      deaths,
      soak: {
        target: cfg.soakStack ? 'ceiling-stack' : 'hub',
        rate,
        seconds,
        windowS,
        inFlightCap: cap,
        arrivals: run.state.sent,
        maxInFlight: run.state.maxInFlight,
      },
      published,
      warmup: { seconds: cfg.warmup, arrivals: warmArrivals, statuses: warm.byOp.book?.statuses ?? {} },
      seconds: answeredS,
      drained,
      slotsExhausted: false,
      ok,
      opsPerS: ok / seconds,
      latencyMs: latencySummary(all.byOp.book?.okMs ?? []),
      errors: Object.fromEntries(
        Object.entries<any>(statuses)
          .filter(([s]) => s !== '200')
          .map(([s, n]) => [`book ${s}`, n]),
      ),
      errorSamples: all.samples,
      cpuSeconds,
      cpuMsPerOk: Object.fromEntries(Object.entries<any>(cpuSeconds).map(([k, v]) => [k, ok > 0 ? (v * 1000) / ok : NaN])),
      memory: Object.fromEntries(
        Object.keys(processes).map((p) => [
          p,
          { peakRssMiB: Math.max(...minutes.map((m) => m.rssMiB[p].max)), hwmMiB: memory(processes[p])?.hwmMiB },
        ]),
      ),
      minutes,
      peakQueueDepth: Math.max(...minutes.map((m) => m.maxQueueDepth)),
      verdicts: verdicts(
        minutes,
        Object.keys(processes).filter((p) => p !== 'bench'),
      ),
      rows: await rowCounts(hub.sql),
      queue: await queueDepth(hub.queue),
    };
  } finally {
    for (const t of timers) clearInterval(t);
    await pool.close().catch(() => undefined);
    await hub.stop();
  }
}
