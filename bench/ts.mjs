// Runs one of the bench's TypeScript files straight from source: `node bench/ts.mjs bench/run.ts [options]`.
// No build step and no new dependency: @swc/core (the tests' compiler, through @swc/jest) strips the types
// of each .ts file as Node requires it, and tsconfig-paths resolves the hub's `@hub/*` aliases, so the bench
// imports the hub's own SQL, queue names and test message builders rather than copies of them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { transformSync } = require('@swc/core');
const tsconfig = JSON.parse(readFileSync(resolve(root, 'tsconfig.json'), 'utf8'));
require('tsconfig-paths').register({ baseUrl: root, paths: tsconfig.compilerOptions.paths });
require('reflect-metadata'); // the hub's decorated classes come along with its statements

const options = (filename) => ({
  filename,
  sourceMaps: 'inline',
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
});
require.extensions['.ts'] = (module, filename) => {
  module._compile(transformSync(readFileSync(filename, 'utf8'), options(filename)).code, filename);
};

const script = process.argv[2];
if (!script) {
  process.stderr.write('usage: node bench/ts.mjs <file.ts> [args]\n');
  process.exit(2);
}
// The script sees its own path as argv[1], as if run directly (parseArgs reads argv from index 2).
process.argv.splice(1, 1);
require(resolve(script));
