import type { Hub } from './hub';
import { distMain } from './paths';
import { freePort } from './ports';
import { startNode, type RunningProcess } from './processes';

export interface ApiProcess extends RunningProcess {
  baseUrl: string;
}

/**
 * The built api as its own process on the hub's database and queues, for what an in-process api cannot
 * show: its stdout (logs) and its reaction to real signals.
 */
export async function startApiProcess(hub: Hub, env: NodeJS.ProcessEnv = {}): Promise<ApiProcess> {
  const port = await freePort();
  const running = await startNode(distMain('api'), {
    env: { ...hub.env, PORT: String(port), MIGRATIONS_RUN: 'false', LOG_LEVEL: 'log', ...env },
    ready: /listening on/,
  });
  return { ...running, baseUrl: `http://127.0.0.1:${port}` };
}

/** The JSON log lines of a process's output; anything else is returned as `{ unparsed }`. */
export function logLines(output: string): Array<Record<string, any>> {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, any>;
      } catch {
        return { unparsed: line };
      }
    });
}
