#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`): top functions by self time, and self time by
// package. `--from/--to` (µs, the profile's own clock, which is the machine's monotonic clock) keep only
// the samples of a window, e.g. the measured part of a bench run without boot and slot publishing.
// Usage: node bench/ts.mjs bench/profile-summary.ts <file.cpuprofile> [--top 25] [--from µs] [--to µs]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const IDLE = new Set(['(idle)', '(program)']);

/** Where a frame's code lives: an npm package, Node's own code, the hub (dist), or V8 itself. */
export function packageOf(url: any, functionName: any) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  if (url.includes('/dist/apps/')) return 'hub (dist)';
  return url;
}

export function summarise(profile: any, { top = 25, from = -Infinity, to = Infinity } = {}) {
  const nodes = new Map<any, any>(profile.nodes.map((n: any) => [n.id, n]));
  const self = new Map<any, number>();
  let t = profile.startTime;
  let total = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < from || t > to) continue;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const node = nodes.get(profile.samples[i]);
    total += dt;
    if (IDLE.has(node.callFrame.functionName)) idle += dt;
    self.set(node.id, (self.get(node.id) ?? 0) + dt);
  }
  const byFunction = new Map<string, any>();
  const byPackage = new Map<string, any>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    if (IDLE.has(functionName)) continue;
    const pkg = packageOf(url, functionName);
    const key = `${functionName || '(anonymous)'} ${pkg}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  const busy = total - idle;
  const rank = (m: any) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, pctOfBusy: (100 * us) / busy }));
  return {
    windowMs: total / 1000,
    busyMs: busy / 1000,
    busyPct: (100 * busy) / total,
    functions: rank(byFunction),
    packages: rank(byPackage),
  };
}

export function formatSummary(title: any, s: any) {
  const lines = [`${title}: ${s.busyMs.toFixed(0)} ms busy of ${s.windowMs.toFixed(0)} ms (${s.busyPct.toFixed(0)} %)`];
  lines.push('  self time by package:');
  for (const p of s.packages) lines.push(`    ${p.pctOfBusy.toFixed(1).padStart(5)} %  ${p.name}`);
  lines.push('  top functions by self time:');
  for (const f of s.functions) lines.push(`    ${f.pctOfBusy.toFixed(1).padStart(5)} %  ${f.name}`);
  return lines.join('\n');
}

if (require.main === module) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' }, from: { type: 'string' }, to: { type: 'string' } },
  });
  for (const file of positionals) {
    const s = summarise(JSON.parse(readFileSync(file, 'utf8')), {
      top: Number(values.top),
      from: values.from === undefined ? -Infinity : Number(values.from),
      to: values.to === undefined ? Infinity : Number(values.to),
    });
    console.log(formatSummary(file, s));
  }
}
