// The hub scenarios: `book` (new bookings only), `mix` (70 % book, 20 % cancel, 10 % rebook) and `burst`
// (10,000 bookings as fast as the senders can, then drained), and `gpc-book` (GP Connect: search a
// slot, book it; bench/lib/gpc.ts). Each runs on a hub of its own.
import { GPC_ASID, gpcDiary, gpcPatients, gpcPublish, gpcSender } from './gpc';
import { ADMIN_TOKEN, backendPids, startHub } from './hub';
import { Tally, httpPool, latencySummary, post, progress, runSenders, stopRequested } from './load';
import { availability, barsHeaders, booking, cancel, rebook } from './messages';
import { cpuMeter, pidOf, rssSampler } from './procstats';

const PUBLISH_CHUNK = 2000;
const BURST_MESSAGES = 10_000;
/** Slots in each GP Connect search window: two per sender, so senders picking at random sometimes collide. */
const gpcWindow = (senders: number) => Math.max(8, 2 * senders);

export async function publish(hub: any, pool: any, count: any) {
  const t0 = performance.now();
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/fhir+json' };
  for (let from = 0; from < count; from += PUBLISH_CHUNK) {
    const res = await pool.request({
      method: 'POST',
      path: '/admin/availability',
      headers,
      body: JSON.stringify(availability(from, Math.min(count, from + PUBLISH_CHUNK))),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`publishing slots answered ${res.statusCode}: ${text.slice(0, 300)}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { slots: count, seconds, slotsPerS: count / seconds };
}

/** Hands out slot indexes; `exhausted` tells the report the run stopped for want of slots. */
function slotSupply(count: any) {
  let next = 0;
  const supply = { exhausted: false, used: () => next, take: () => (next < count ? next++ : ((supply.exhausted = true), undefined)) };
  return supply;
}

function parseBooked(text: any, slot: any, bundleId: any) {
  const bundle = JSON.parse(text);
  const of = (type: any) => bundle.entry.find((e: any) => e.resource.resourceType === type)?.resource;
  return { slot, bundleId, appointmentId: of('Appointment')?.id, slotId: of('Slot')?.id };
}

/** One sender's step: a booking, or in `mix` a cancel or rebook of one of its own bookings. */
function sender(cfg: any, pool: any, slots: any, tally: any, mine: any) {
  const book = async () => {
    const slot = slots.take();
    if (slot === undefined) return false;
    const msg = booking(slot, cfg.samePatient);
    const r = await post(pool, '/$process-message', barsHeaders(msg.correlationId), msg.body, cfg.scenario === 'mix');
    tally.add('book', r);
    if (r.status === 200 && cfg.scenario === 'mix')
      mine.push({ ...parseBooked(r.text, slot, msg.bundleId), correlationId: msg.correlationId, nhs: msg.nhs });
    return true;
  };
  return async () => {
    const roll = Math.random();
    if (cfg.scenario !== 'mix' || mine.length === 0 || roll < 0.7) return book();
    const booked = mine.splice(Math.floor(Math.random() * mine.length), 1)[0];
    if (roll < 0.9) {
      tally.add('cancel', await post(pool, '/$process-message', barsHeaders(booked.correlationId), cancel(booked), false));
      return true;
    }
    const slot = slots.take();
    if (slot === undefined) return false;
    const r = await post(pool, '/$process-message', barsHeaders(booked.correlationId), rebook(booked, slot), true);
    tally.add('rebook', r);
    // A rebook that worked moved the appointment; one that did not left it where it was.
    mine.push(r.status === 200 ? { ...booked, ...parseBooked(r.text, slot, booked.bundleId) } : booked);
    return true;
  };
}

export async function rowCounts(sql: any) {
  const q = async (text: any) => (await sql.query(text)).rows;
  const grouped = async (text: any) => Object.fromEntries((await q(text)).map((r: any) => [r.k, Number(r.n)]));
  const [counts] = await q(
    'SELECT (SELECT count(*) FROM appointment) AS appointment, (SELECT count(*) FROM appointment_version) AS appointment_version, (SELECT count(*) FROM patient) AS patient',
  );
  return {
    inbox: await grouped('SELECT state AS k, count(*) AS n FROM inbox_message GROUP BY state'),
    slot: await grouped('SELECT status AS k, count(*) AS n FROM slot GROUP BY status'),
    ...Object.fromEntries(Object.entries<any>(counts).map(([k, v]) => [k, Number(v)])),
  };
}

export const queueDepth = (queue: any) => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');

/** Waits until nothing is queued or being processed, in the inbox and in BullMQ (bounded). */
export async function drain(hub: any, maxMs: any) {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const { rows } = await hub.sql.query("SELECT count(*) AS n FROM inbox_message WHERE state IN ('queued', 'processing')");
    const q = await queueDepth(hub.queue);
    if (Number(rows[0].n) === 0 && q.waiting + q.active + q.delayed + q.prioritized === 0) return true;
    if (Date.now() > deadline || stopRequested()) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function runScenario(cfg: any, registerCleanup: any) {
  const burst = cfg.scenario === 'burst';
  const concurrency = burst ? cfg.burstConcurrency : cfg.concurrency;
  const warmupSlots = cfg.warmup * cfg.slotRate;
  const slotCount = warmupSlots + (burst ? BURST_MESSAGES : Math.ceil(cfg.duration * cfg.slotRate));
  const gpc = cfg.scenario === 'gpc-book';
  // GP Connect is off until GPC_ASID is set; the other scenarios' hubs run as they always have.
  const env = gpc ? { GPC_ASID, ...cfg.env } : cfg.env;
  const hub = await startHub({ ...cfg, env, registerCleanup, profileDir: cfg.profileDir });
  const pool = httpPool(hub.baseUrl, concurrency);
  try {
    const published = gpc ? await gpcPublish(pool, slotCount) : await publish(hub, pool, slotCount);
    const patients = gpc ? await gpcPatients(pool, concurrency) : [];
    const size = gpcWindow(concurrency);
    const warmWindows = Math.ceil(warmupSlots / size);
    const slots: any = gpc ? gpcDiary(size, warmWindows, Math.floor(slotCount / size)) : slotSupply(slotCount);
    const searchMs: number[] = [];
    if (cfg.warmup > 0) {
      const until = Date.now() + cfg.warmup * 1000;
      const warm = new Tally(gpc ? 201 : 200);
      const warmDiary = gpcDiary(size, 0, warmWindows);
      await runSenders(
        cfg.concurrency,
        gpc
          ? (i: number) => gpcSender(pool, warmDiary, patients[i], warm, [])()
          : sender({ ...cfg, scenario: 'book' }, pool, slotSupply(warmupSlots), warm, []),
        () => Date.now() >= until,
        cfg.warmup * 1000 + 30_000,
      );
      if (!gpc) for (let i = 0; i < warmupSlots; i++) slots.take();
      slots.exhausted = false;
    }
    const processes = { api: hub.api.pid, ...Object.fromEntries(hub.workers.map((w) => [w.name, w.pid])), bench: process.pid };
    const rss = rssSampler(processes);
    // redis-server is shared with whoever else uses it, so its figure is an upper bound ('redis*').
    const redisPid = pidOf('redis-server');
    const cpu = await cpuMeter(redisPid ? { ...processes, 'redis*': redisPid } : processes, () => backendPids(hub.sql, hub.dbName));
    let peakDepth = 0;
    const depthTimer = setInterval(
      () =>
        void queueDepth(hub.queue).then(
          (q: any) => (peakDepth = Math.max(peakDepth, q.waiting + q.active + q.prioritized)),
          () => undefined,
        ),
      250,
    );
    const okStatus = gpc ? '201' : '200';
    const tally = new Tally(Number(okStatus));
    const t0 = performance.now();
    const fromUs = Number(process.hrtime.bigint() / 1000n); // the clock V8 stamps .cpuprofile samples with
    const deadline = Date.now() + cfg.duration * 1000;
    const sent = () => tally.total();
    const bar = progress(
      cfg.scenario,
      burst ? () => sent() / BURST_MESSAGES : () => (performance.now() - t0) / (cfg.duration * 1000),
      () =>
        `${tally.total((s: any) => s === okStatus)} ok ${tally.total((s: any) => s !== okStatus)} err ${(tally.total((s: any) => s === okStatus) / ((performance.now() - t0) / 1000)).toFixed(0)}/s`,
    );
    let burstLeft = BURST_MESSAGES;
    const mines = Array.from({ length: concurrency }, () => []);
    const steps = mines.map((mine, i) =>
      gpc ? gpcSender(pool, slots, patients[i], tally, searchMs) : sender(cfg, pool, slots, tally, mine),
    );
    await runSenders(
      concurrency,
      (i: any) => (burst && burstLeft-- <= 0 ? false : steps[i]()),
      () => !burst && Date.now() >= deadline,
      (burst ? 600 : cfg.duration + 60) * 1000,
    );
    bar.done();
    const window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
    const answeredS = (performance.now() - t0) / 1000;
    const drained = await drain(hub, burst ? 300_000 : 30_000);
    const drainedS = (performance.now() - t0) / 1000;
    clearInterval(depthTimer);
    const cpuSeconds = await cpu.stop();
    const deaths = hub.deaths();
    if (deaths.length > 0)
      process.stderr.write(
        `${cfg.scenario}: ${deaths.map((d: any) => `${d.name} exited (${d.signal ?? d.code})`).join(', ')}: run not valid\n`,
      );
    const memory = rss.stop();
    const ok = tally.total((s: any) => s === okStatus);
    return {
      scenario: cfg.scenario,
      // A hub process that died mid-run (something outside the bench killed it) spoils the figures.
      valid: deaths.length === 0,
      deaths,
      concurrency,
      window,
      published,
      seconds: answeredS,
      drainedSeconds: drainedS,
      drained,
      slotsExhausted: slots.exhausted,
      ok,
      opsPerS: ok / answeredS,
      processedPerS: burst ? ok / drainedS : undefined,
      byOp: Object.fromEntries(
        Object.entries<any>(tally.byOp).map(([op, t]) => [
          op,
          { statuses: t.statuses, latencyMs: latencySummary(t.okMs), allLatencyMs: latencySummary(t.allMs) },
        ]),
      ),
      latencyMs: latencySummary(Object.values(tally.byOp).flatMap((t) => t.okMs)),
      // gpc-book: bookings that lost the slot to another sender (409 DUPLICATE_REJECTED), and its searches alone.
      ...(gpc ? { lostRaces: tally.notes['lost race'] ?? 0, searchLatencyMs: latencySummary(searchMs) } : {}),
      errors: Object.fromEntries(
        Object.entries<any>(tally.byOp).flatMap(([op, t]) =>
          Object.entries<any>(t.statuses)
            .filter(([s]) => s !== okStatus)
            .map(([s, n]) => [`${op} ${s}`, n]),
        ),
      ),
      errorSamples: tally.samples,
      cpuSeconds,
      cpuMsPerOk: Object.fromEntries(Object.entries<any>(cpuSeconds).map(([k, v]) => [k, ok > 0 ? (v * 1000) / ok : NaN])),
      memory,
      peakQueueDepth: peakDepth,
      rows: await rowCounts(hub.sql),
      queue: await queueDepth(hub.queue),
    };
  } finally {
    await pool.close().catch(() => undefined);
    await hub.stop();
  }
}
