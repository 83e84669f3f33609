#!/usr/bin/env node
// Bundles what tsc wrote into two single files: the CLI (dist/cli/main.js, in its place) and the
// library entry (dist/lib/kerascope.js, what `import 'kerascope'` loads). Node's ESM loader costs
// about a millisecond per module, and the entry points import ~130 of ours plus yargs, ajv, jsfive
// and fflate: one file halves the start-up of every command (0.33 s → 0.16 s) and takes 60 ms off
// importing the library. The unbundled modules stay in dist/ (the scan worker threads and the type
// declarations use them). Both bundles sit one folder below dist/, as the modules that locate files
// by their own URL expect (scan/index.ts' worker, version.ts' package.json). h5wasm stays
// external: it is loaded lazily, only when an HDF5 file needs it. esbuild is the bundler vitest
// already brings.
import { build } from 'esbuild';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * yargs and its help renderer import string-width (three copies), whose module bodies build an
 * Intl.Segmenter and Unicode-property regexes: ~20 ms of every start, for text that is measured only
 * when help is printed. Each import gets a stand-in that requires the real module on first use,
 * which esbuild turns into a lazily initialised module.
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData?.real) return undefined;
      const real = await b.resolve('string-width', { resolveDir: args.resolveDir, kind: args.kind, pluginData: { real: true } });
      if (real.errors.length) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: `let real;\nexport default function stringWidth(text, options) {\n  real ??= require(${JSON.stringify(args.path)}).default;\n  return real(text, options);\n}\n`,
      resolveDir: dirname(args.path),
    }));
  },
};

const dist = (p) => fileURLToPath(new URL(`../dist/${p}`, import.meta.url));
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['h5wasm', 'h5wasm/*'],
  // CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
  banner: { js: "import { createRequire as __kerascopeRequire } from 'node:module';\nconst require = __kerascopeRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [lazyStringWidth],
};
await build({ ...common, entryPoints: [dist('cli/main.js')], outfile: dist('cli/main.js'), allowOverwrite: true });
await build({ ...common, entryPoints: [dist('index.js')], outfile: dist('lib/kerascope.js') });
