#!/usr/bin/env node
// The npm registry mirror these machines use carries only some platforms' builds of native packages
// (rspack, swc, msgpackr-extract, unrs-resolver), so `npm install` here leaves the other platforms'
// optional packages out of package-lock.json, and `npm ci` then refuses the lockfile, here and on every
// other machine. This restores them: each missing optional platform package is recorded with its pinned
// version and its os/cpu/libc, which is what npm needs to skip it on other platforms and fetch it by name
// on its own. Run after any `npm install` that changes the lockfile: `npm run lock:complete`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony', 'sunos', 'netbsd', 'openbsd', 'aix'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 'riscv64', 's390x', 'loong64', 'mips64el'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p)) ?? (parts.includes('wasm32') ? 'wasm32' : undefined);
  const entry = {};
  if (parts.includes('wasm32')) {
    entry.cpu = ['wasm32'];
    return entry;
  }
  if (!os || !cpu) return undefined;
  entry.os = [os];
  entry.cpu = [cpu];
  if (os === 'linux') {
    if (parts.some((p) => p.startsWith('musl'))) entry.libc = ['musl'];
    else if (parts.some((p) => p.startsWith('gnu'))) entry.libc = ['glibc'];
  }
  return entry;
}

let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) continue; // only exact pins, as platform packages are
    const nested = `${path}/node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    const platform = platformOf(name);
    if (!platform) continue;
    packages[hoisted] = { version, ...platform, optional: true };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: recorded ${added} optional platform package(s)`);
