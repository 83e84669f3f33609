#!/usr/bin/env node
// Bundles the CLI entry (dist/cli/main.js, as tsc wrote it) into one file in its place. Node's ESM
// loader costs about a millisecond per module, and the CLI imports ~130 of ours plus yargs and
// fflate: one file halves the start-up of every command (0.33 s → 0.16 s), which is most of a
// summary's time. The library (dist/index.js) stays unbundled. h5wasm stays external: it is
// loaded lazily, only when an HDF5 file needs it. esbuild is the bundler vitest already brings.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
await build({
  entryPoints: [entry],
  outfile: entry,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['h5wasm', 'h5wasm/*'],
  // CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
  banner: { js: "import { createRequire as __kerascopeRequire } from 'node:module';\nconst require = __kerascopeRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
