import { resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../..');
/** `shared/` sits beside the repository's root (in CI too). */
export const fixturesRoot = resolve(repoRoot, '../shared/fixtures');
export const distMain = (app: 'api' | 'worker' | 'standalone'): string => resolve(repoRoot, `dist/apps/${app}/main.js`);
