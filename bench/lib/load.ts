// The traffic: N concurrent senders over keep-alive connections (undici Pool), each sending one message
// at a time until a deadline or a message budget, with latencies, answers by status and a progress bar.
import { Pool } from 'undici';

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: any, p: any) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function latencySummary(ms: any) {
  const sorted = Float64Array.from(ms).sort();
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

export function httpPool(baseUrl: any, connections: any) {
  return new Pool(baseUrl, { connections, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 60_000, bodyTimeout: 60_000 });
}

/** Posts one message; resolves to the status, the latency and (when asked) the parsed answer. */
export function post(pool: any, path: any, headers: any, body: any, wantJson: any) {
  return request(pool, 'POST', path, headers, body, wantJson);
}

/** One request; resolves to the status, the latency and (when asked, or on an error) the answer's text. */
export async function request(pool: any, method: string, path: any, headers: any, body: any, wantJson: any) {
  const t0 = performance.now();
  try {
    const res = await pool.request({ method, path, headers, body });
    const json = wantJson || res.statusCode >= 400 ? await res.body.text() : (await res.body.dump(), undefined);
    return { status: res.statusCode, ms: performance.now() - t0, text: json };
  } catch (error: any) {
    return { status: `network:${error.code ?? error.name}`, ms: performance.now() - t0, text: error.message };
  }
}

/** The REC code and diagnostics of an OperationOutcome answer, else the start of the text. */
function outcomeText(text: any) {
  try {
    const issue = JSON.parse(text).issue[0];
    return `${issue.details?.coding?.[0]?.code ?? issue.code}: ${issue.diagnostics ?? ''}`;
  } catch {
    return String(text ?? '').slice(0, 200);
  }
}

/**
 * Counts answers per operation and status, keeps latencies of successes (`okStatus`: 200, or 201 for
 * GP Connect's book) and a sample of each error; `note` counts outcomes that are neither (a lost race).
 */
export class Tally {
  byOp: Record<string, any>;
  samples: Record<string, string>;
  notes: Record<string, number>;

  constructor(readonly okStatus = 200) {
    this.byOp = {};
    this.samples = {};
    this.notes = {};
  }

  note(name: string) {
    this.notes[name] = (this.notes[name] ?? 0) + 1;
  }

  add(op: any, result: any) {
    const t = (this.byOp[op] ??= { statuses: {}, okMs: [], allMs: [] });
    t.statuses[result.status] = (t.statuses[result.status] ?? 0) + 1;
    t.allMs.push(result.ms);
    if (result.status === this.okStatus) t.okMs.push(result.ms);
    else this.samples[`${op} ${result.status}`] ??= outcomeText(result.text);
  }

  total(filter: (status: string) => boolean = () => true) {
    let n = 0;
    for (const t of Object.values(this.byOp)) for (const [status, c] of Object.entries<any>(t.statuses)) if (filter(status)) n += c;
    return n;
  }
}

/** A one-line progress bar on stderr (redrawn in place on a terminal, a line every 5 s otherwise). */
export function progress(label: any, fraction: any, detail: any) {
  const tty = process.stderr.isTTY;
  let last = 0;
  const draw = (final: any) => {
    const f = Math.min(1, Math.max(0, fraction()));
    const width = 30;
    const bar = '#'.repeat(Math.round(f * width)).padEnd(width, '.');
    const line = `${label.padEnd(14)} [${bar}] ${(f * 100).toFixed(0).padStart(3)}% ${detail()}`;
    if (tty) process.stderr.write(`\r${line.slice(0, (process.stderr.columns ?? 120) - 1)}\x1b[K${final ? '\n' : ''}`);
    else if (final || Date.now() - last >= 5000) {
      last = Date.now();
      process.stderr.write(`${line}\n`);
    }
  };
  const timer = setInterval(() => draw(false), tty ? 250 : 1000);
  return { done: () => (clearInterval(timer), draw(true)) };
}

let stopping = false;
/** Ctrl-C or SIGTERM: every sender loop (and the burst drain) stops at its next step. */
export const requestStop = () => void (stopping = true);
export const stopRequested = () => stopping;

/**
 * Runs `senders` loops. Each calls `step(senderIndex)` until it returns false, `until()` says stop, or the
 * hard stop `maxMs` passes (a bound even if the hub hangs: every request has undici's own timeouts).
 */
export async function runSenders(senders: any, step: any, until: any, maxMs: any) {
  const hardStop = Date.now() + maxMs;
  await Promise.all(
    Array.from({ length: senders }, async (_, i) => {
      while (!stopping && !until() && Date.now() < hardStop) if ((await step(i)) === false) return;
    }),
  );
}
