import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './support/paths';

// Docker cannot run here; these checks hold the files to what operations relies on.
const dockerfile = readFileSync(resolve(repoRoot, 'docker/Dockerfile'), 'utf8');
const compose = readFileSync(resolve(repoRoot, 'docker/compose.yaml'), 'utf8');

/** The block of one compose service, up to the next top-level service or section. */
function service(name: string): string {
  const match = new RegExp(`^  ${name}:\\n((?:    .*\\n|\\s*\\n)*)`, 'm').exec(compose);
  if (!match) throw new Error(`no service ${name} in compose.yaml`);
  return match[1];
}

describe('docker/Dockerfile and docker/compose.yaml', () => {
  it('builds in two stages and runs as a non-root user, the api by default', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^FROM \S+ AS build$/m);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/apps\/api\/main.js"\]$/m);
  });

  it('runs Redis without eviction and with append-only persistence, both stores with healthchecks', () => {
    expect(service('redis')).toMatch(/'--maxmemory-policy', 'noeviction'/);
    expect(service('redis')).toMatch(/'--appendonly', 'yes'/);
    expect(service('redis')).toMatch(/healthcheck:/);
    expect(service('postgres')).toMatch(/pg_isready/);
  });

  it('migrates once, in a one-shot job that the api and the workers wait for', () => {
    expect(service('migrate')).toMatch(/command: \['node', 'dist\/apps\/api\/main.js', 'migrate'\]/);
    expect(service('api')).toMatch(/MIGRATIONS_RUN: 'false'/);
    for (const name of ['api', 'worker']) expect(service(name)).toMatch(/migrate: \{ condition: service_completed_successfully \}/);
  });

  it('runs one image with two commands, workers as replicas, each with a readiness healthcheck', () => {
    expect(service('api')).toMatch(/<<: \*hub-image/);
    expect(service('worker')).toMatch(/<<: \*hub-image/);
    expect(service('worker')).toMatch(/command: \['node', 'dist\/apps\/worker\/main.js'\]/);
    expect(service('worker')).toMatch(/replicas: \d+/);
    expect(service('api')).toMatch(/127\.0\.0\.1:3000\/health\/ready/);
    const port = /WORKER_HTTP_PORT: '(\d+)'/.exec(service('worker'))?.[1];
    expect(port).toMatch(/^\d+$/);
    expect(service('worker')).toContain(`127.0.0.1:${port}/health/ready`);
  });
});
