// Builds each app into one CommonJS file, dist/apps/<app>/main.js, with rspack: TypeScript through the
// built-in swc loader (decorator metadata on, as Nest needs), `@hub/*` paths from tsconfig.build.json,
// node_modules left external. Type checking is `npm run lint`'s job (tsc), not the build's.
// Replaces `nest build`: Nest CLI 12's dependencies require Node >= 22, the hub supports Node 20, and
// Nest CLI 11 has no rspack builder. The options are those Nest CLI 12's rspack builder used.
// Usage: node scripts/build.mjs [api|worker|standalone ...] (default: all three, built in parallel).
import { rspack } from '@rspack/core';
import nodeExternals from 'webpack-node-externals';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const APPS = ['api', 'worker', 'standalone'];
const wanted = process.argv.slice(2);
for (const app of wanted) if (!APPS.includes(app)) throw new Error(`unknown app ${app}; one of ${APPS.join(', ')}`);

const config = (app) => ({
  name: app,
  context: root,
  mode: 'none',
  target: 'node',
  devtool: 'source-map',
  entry: `./apps/${app}/src/main.ts`,
  output: { path: resolve(root, 'dist'), filename: `apps/${app}/main.js`, library: { type: 'commonjs2' } },
  externals: [nodeExternals()],
  externalsPresets: { node: true },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        loader: 'builtin:swc-loader',
        options: {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2021',
          },
          sourceMaps: true,
        },
      },
    ],
  },
  resolve: { extensions: ['.ts', '.js'], tsConfig: resolve(root, 'tsconfig.build.json') },
  optimization: { nodeEnv: false },
  node: { __filename: false, __dirname: false },
  // Optional requires inside dependencies are external anyway; only a real problem should be printed.
  ignoreWarnings: [/^(?!CriticalDependenciesWarning$)/],
});

const started = Date.now();
rspack((wanted.length > 0 ? wanted : APPS).map(config)).run((err, stats) => {
  if (err) {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  }
  if (stats.hasErrors()) {
    process.stderr.write(`${stats.toString({ colors: true, chunks: false, modules: false, assets: false })}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `built ${stats.stats.map((s) => `dist/apps/${s.compilation.name}/main.js`).join(', ')} in ${Date.now() - started} ms\n`,
  );
});
