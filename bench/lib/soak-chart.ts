// The soak's per-minute figures as one self-contained HTML page (inline SVG, no script, no external file),
// written next to the run's JSON, so a reader sees at a glance whether latency or memory drifts.

/** The per-minute figures `runSoak` records (bench/lib/soak.ts summariseWindow). */
export interface SoakMinute {
  minute: number;
  fromS: number;
  seconds: number;
  okPerS: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  maxQueueDepth: number;
  rssMiB: Record<string, { max: number; min: number }>;
}

interface Series {
  name: string;
  colour: string;
  values: number[];
}

const W = 720;
const H = 220;
const PAD = { left: 56, right: 16, top: 28, bottom: 32 };
const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number): string => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)) : 'n/a');

/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten, at least `max`. */
function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= max) ?? 10 * p;
}

/** One line chart: x is the minute, y from 0; points for every minute, a legend, and the values on hover (title). */
function chart(title: string, unit: string, minutes: number[], series: Series[]): string {
  const finite = series.flatMap((s) => s.values).filter(Number.isFinite);
  const top = niceMax(Math.max(0, ...finite));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number): number => PAD.left + (minutes.length <= 1 ? plotW / 2 : (i / (minutes.length - 1)) * plotW);
  const y = (v: number): number => PAD.top + plotH - (v / top) * plotH;
  const out: string[] = [`<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`];
  out.push(`<text x="${PAD.left}" y="16" font-weight="bold">${esc(title)} (${esc(unit)})</text>`);
  for (let k = 0; k <= 4; k++) {
    const v = (top * k) / 4;
    out.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    out.push(`<text x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${fmt(v)}</text>`);
  }
  minutes.forEach((m, i) => out.push(`<text x="${x(i)}" y="${H - 12}" text-anchor="middle" font-size="11">${m}</text>`));
  series.forEach((s, n) => {
    const points = s.values.map((v, i) => (Number.isFinite(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : '')).filter(Boolean);
    out.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${points.join(' ')}"/>`);
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      out.push(
        `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${s.colour}"><title>${esc(s.name)}, minute ${minutes[i]}: ${fmt(v)} ${esc(unit)}</title></circle>`,
      );
    });
    const lx = PAD.left + 10 + n * 130;
    out.push(`<rect x="${lx}" y="${PAD.top - 4}" width="10" height="10" fill="${s.colour}"/>`);
    out.push(`<text x="${lx + 14}" y="${PAD.top + 5}" font-size="11">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

/** The whole page: rate, latency percentiles, resident set per process and queue depth, minute by minute. */
export function soakChartHtml(minutes: SoakMinute[], heading: string): string {
  const labels = minutes.map((m) => m.minute);
  const processes = [...new Set(minutes.flatMap((m) => Object.keys(m.rssMiB)))];
  const charts = [
    chart('Bookings answered 200 per second', 'ok/s', labels, [{ name: 'ok/s', colour: COLOURS[0], values: minutes.map((m) => m.okPerS) }]),
    chart(
      'Latency of successful bookings',
      'ms',
      labels,
      (['p50', 'p95', 'p99'] as const).map((p, i) => ({ name: p, colour: COLOURS[i], values: minutes.map((m) => m.latencyMs[p]) })),
    ),
    chart(
      'Peak resident set per process',
      'MiB',
      labels,
      processes.map((p, i) => ({ name: p, colour: COLOURS[i % COLOURS.length], values: minutes.map((m) => m.rssMiB[p]?.max ?? NaN) })),
    ),
    chart('Peak inbound queue depth', 'jobs', labels, [
      { name: 'waiting + active', colour: COLOURS[3], values: minutes.map((m) => m.maxQueueDepth) },
    ]),
  ];
  const rows = minutes
    .map(
      (m) =>
        `<tr><td>${m.minute}</td><td>${fmt(m.okPerS)}</td><td>${fmt(m.latencyMs.p50)}</td><td>${fmt(m.latencyMs.p95)}</td>` +
        `<td>${fmt(m.latencyMs.p99)}</td><td>${m.maxQueueDepth}</td><td>${processes.map((p) => `${esc(p)} ${fmt(m.rssMiB[p]?.max ?? NaN)}`).join(', ')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(heading)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}svg{display:block;margin:12px 0 24px}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}</style></head>
<body><h1>${esc(heading)}</h1>
<p>Per soak "minute" (x axis). Hover a point for its value. The same figures are in the run's JSON (<code>minutes</code>).</p>
${charts.join('\n')}
<table><tr><th>minute</th><th>ok/s</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>queue depth</th><th>peak RSS MiB</th></tr>
${rows}
</table></body></html>
`;
}
