import { resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../..');
/**
 * Published NHS example messages, copied unchanged into the repository (provenance in
 * `test/fixtures/PROVENANCE.md`). The one place their location is decided: tests, unit specs' helpers and
 * benchmarks read them through this, never from outside the repository.
 */
export const fixturesRoot = resolve(repoRoot, 'test/fixtures');
export const distMain = (app: 'api' | 'worker' | 'standalone'): string => resolve(repoRoot, `dist/apps/${app}/main.js`);
