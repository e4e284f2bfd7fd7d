import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RouteCatalog } from '../apps/api/src/rest/route-catalog';
import { startHub, type Hub } from './support/hub';
import { repoRoot } from './support/paths';

const DOCS = ['README.md', 'docs/operations.md', 'docs/decisions.md', 'docs/reliability.md'];

/**
 * Every route the documentation names, as `METHOD /path` in backticks (or a bare `/Type/{id}` read in a
 * list of them), with placeholders made concrete: `{id}` and `<id>` become a sample value, a query string
 * is dropped. Like the settings-docs spec for settings: a route removed or renamed fails here until the
 * docs follow.
 */
function documentedRoutes(): Array<{ file: string; method: string; path: string }> {
  const routes = new Map<string, { file: string; method: string; path: string }>();
  for (const file of DOCS) {
    const text = readFileSync(resolve(repoRoot, file), 'utf8');
    const found = [
      ...[...text.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s]*)`/g)].map((m) => [m[1], m[2]]),
      ...[...text.matchAll(/`(\/[A-Z][A-Za-z]+\/\{id\})`/g)].map((m) => ['GET', m[1]]),
    ];
    for (const [method, raw] of found) {
      const path = raw
        .split('?')[0]
        .replace(/\{[^}]+\}|<[^>]+>/g, 'sample-0')
        .replace(/\/$/, '');
      routes.set(`${method} ${path}`, { file, method, path });
    }
  }
  return [...routes.values()];
}

describe('the routes the documentation names exist', () => {
  let hub: Hub;
  beforeAll(async () => (hub = await startHub({ workers: 0 })));
  afterAll(() => hub?.stop());

  const routes = documentedRoutes();

  it('finds the documented routes (the extraction itself works)', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes).toContainEqual(expect.objectContaining({ method: 'GET', path: '/Patient/sample-0' }));
    expect(routes).toContainEqual(expect.objectContaining({ method: 'POST', path: '/admin/queue/sample-0/pause' }));
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s is served', (_name, route) => {
    const allowed = hub.api.get(RouteCatalog, { strict: false }).allowed(route.path);
    expect({ route: `${route.method} ${route.path}`, in: route.file, served: allowed.includes(route.method) }).toEqual({
      route: `${route.method} ${route.path}`,
      in: route.file,
      served: true,
    });
  });
});
