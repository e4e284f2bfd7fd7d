// Per-process memory and CPU from /proc (Linux): the hub's processes, the bench itself and the
// PostgreSQL backends serving the bench database.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100; // CLK_TCK on Linux x86-64

/** Resident set now and at its peak (VmHWM), in MiB; undefined once the process is gone. */
export function memory(pid: any) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: any) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds a process has used so far (0 once it is gone). */
export function cpuSeconds(pid: any) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return 0;
  }
}

/**
 * Samples the resident set of named processes every `everyMs` and keeps each one's maximum, so a
 * scenario's peak is not the peak of the boot or publish phase before it.
 */
export function rssSampler(processes: any, everyMs = 250) {
  const peak = Object.fromEntries(Object.keys(processes).map((name) => [name, 0]));
  const sample = () => {
    for (const [name, pid] of Object.entries<any>(processes)) peak[name] = Math.max(peak[name], memory(pid)?.rssMiB ?? 0);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return Object.fromEntries(
        Object.entries<any>(peak).map(([name, v]) => [name, { peakRssMiB: v, hwmMiB: memory(processes[name])?.hwmMiB }]),
      );
    },
  };
}

/** CPU seconds used by each named process, and by the PostgreSQL backends `pgBackends()` lists, between start and stop. */
export async function cpuMeter(processes: any, pgBackends: any) {
  const read = async () => ({
    procs: Object.fromEntries(Object.entries<any>(processes).map(([name, pid]) => [name, cpuSeconds(pid)])),
    pg: new Map<number, number>((await pgBackends()).map((pid: any) => [pid, cpuSeconds(pid)])),
  });
  const before = await read();
  return {
    stop: async () => {
      const after = await read();
      const out = Object.fromEntries(Object.entries<any>(after.procs).map(([name, s]) => [name, s - before.procs[name]]));
      out.postgres = [...after.pg].reduce((sum: number, [pid, s]: [number, number]) => sum + s - (before.pg.get(pid) ?? 0), 0);
      return out;
    },
  };
}

/** The pid of a process by its command name (e.g. the shared redis-server), if this container can see it. */
export function pidOf(comm: any) {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === comm) return Number(d);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}
