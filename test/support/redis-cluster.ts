import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';
import { waitUntil } from './processes';

const run = promisify(execFile);

interface ClusterNode {
  port: number;
  busPort: number;
  dir: string;
  child?: ChildProcess;
}

/**
 * A Redis Cluster of the test's own: three masters (no replicas) on free loopback ports, each in a
 * directory under one temporary directory, append-only so a node restarted keeps its jobs. Never the
 * shared Redis on 6379.
 */
export class OwnRedisCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'hub-redis-cluster-'));
  readonly nodes: ClusterNode[] = [];

  /** `REDIS_URL` naming the cluster by all of its nodes. */
  get url(): string {
    return `redis+cluster://${this.nodes.map((n) => `127.0.0.1:${n.port}`).join(',')}`;
  }

  async start(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const node: ClusterNode = { port: await freePort(), busPort: await freePort(), dir: join(this.dir, `node-${i}`) };
      mkdirSync(node.dir);
      this.nodes.push(node);
      await this.startNode(i);
    }
    await run('redis-cli', ['--cluster', 'create', ...this.nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-yes']);
    await this.waitHealthy();
  }

  /** Every node reports `cluster_state:ok` (all 16384 slots served). */
  async waitHealthy(): Promise<void> {
    await waitUntil(async () => {
      for (const n of this.nodes) if (!/cluster_state:ok/.test(await this.cli(n.port, 'CLUSTER', 'INFO').catch(() => ''))) return false;
      return true;
    }, 'the Redis Cluster to serve every slot');
  }

  /** The index of the node serving the hash slot of `key`. */
  async ownerOf(key: string): Promise<number> {
    const slot = Number(await this.cli(this.nodes[0].port, 'CLUSTER', 'KEYSLOT', key));
    const shards = (await this.cli(this.nodes[0].port, 'CLUSTER', 'SLOTS')).split('\n').map((l) => l.trim());
    // redis-cli prints each range as: start, end, host, port, id, … (one value a line).
    for (let i = 0; i + 3 < shards.length; i++) {
      const [from, to, host, port] = shards.slice(i, i + 4);
      if (/^\d+$/.test(from) && /^\d+$/.test(to) && host === '127.0.0.1' && Number(from) <= slot && slot <= Number(to)) {
        const owner = this.nodes.findIndex((n) => n.port === Number(port));
        if (owner >= 0) return owner;
      }
    }
    throw new Error(`no node serves slot ${slot}`);
  }

  /** Stops node `i` as an operator would (SIGTERM: its append-only file and nodes.conf are kept). */
  async stopNode(i: number): Promise<void> {
    const child = this.nodes[i].child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }

  async startNode(i: number): Promise<void> {
    const n = this.nodes[i];
    // Relative file names resolve in --dir, so each node keeps its own nodes.conf and append-only file.
    const args = ['--bind', '127.0.0.1', '--port', String(n.port), '--cluster-port', String(n.busPort), '--dir', n.dir];
    args.push('--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--appendonly', 'yes', '--save', '');
    let out = '';
    n.child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    n.child.stdout?.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
    await waitUntil(() => /Ready to accept connections/.test(out), `redis-server (cluster node) on port ${n.port}`);
  }

  async destroy(): Promise<void> {
    for (let i = 0; i < this.nodes.length; i++) await this.stopNode(i);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async cli(port: number, ...command: string[]): Promise<string> {
    return (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...command])).stdout;
  }
}
