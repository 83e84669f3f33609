#!/usr/bin/env node
// Builds the static web app (web/) into dist-web/: the page's script (main.js), the worker that runs
// the library (worker.js), h5wasm in a chunk of its own that the worker imports only when a file
// needs it, the worker that hashes a file for its audit reports (hash-worker.js), and the service
// worker that keeps all of them for offline use (sw.js). Node built-ins the library uses are
// replaced by browser stand-ins (web/shims/); what a Node-only module (file paths, worker threads)
// would do is never reached from the page.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join, relative, sep } from 'node:path';
import { createHash } from 'node:crypto';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist-web');
const shim = (name) => join(root, 'web/shims', name);
const SHIMS = { 'node:fs': 'fs.ts', 'node:fs/promises': 'fs.ts', 'node:path': 'path.ts', 'node:vm': 'vm.ts', 'node:zlib': 'zlib.ts', 'node:module': 'unavailable.ts', 'node:url': 'unavailable.ts', 'h5wasm/node': 'unavailable.ts' };
/**
 * The converters and the scanner write files and start threads, URLs are read through a fetch
 * thread, a file's digest streams it from disk: src/index.ts imports them, the page never calls them.
 */
const UNREACHED = /[\\/]src[\\/]((convert|scan|readers[\\/]http)[\\/]|readers[\\/]digest\.ts$)/;

const browserShims = {
  name: 'browser-shims',
  setup(b) {
    b.onResolve({ filter: /^(node:|h5wasm\/node$)/ }, (args) => {
      const file = UNREACHED.test(args.importer) ? 'unreached.cjs' : SHIMS[args.path];
      if (!file) return { errors: [{ text: `${args.path} has no browser stand-in (imported by ${args.importer})` }] };
      return { path: shim(file) };
    });
  },
};

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { main: join(root, 'web/src/main.ts'), worker: join(root, 'web/src/worker.ts'), 'hash-worker': join(root, 'web/src/hash-worker.ts') },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome111', 'firefox115', 'safari16.4'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
  inject: [shim('globals.ts')],
  define: { KERASCOPE_PACKAGE_JSON: JSON.stringify(JSON.stringify({ name: pkg.name, version: pkg.version })) },
  plugins: [browserShims],
});
for (const f of ['index.html', 'app.css', 'favicon.svg']) copyFileSync(join(root, 'web', f), join(out, f));

// The service worker (web/src/sw.ts) precaches every file above, so the app works offline after
// its first load; its cache is named after their content, so a new build replaces it whole.
const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
const assets = files(out).map((f) => relative(out, f).split(sep).join('/')).sort();
const hash = createHash('sha256');
for (const a of assets) hash.update(`${a}\0`).update(readFileSync(join(out, a)));
await build({
  entryPoints: { sw: join(root, 'web/src/sw.ts') },
  outdir: out,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome111', 'firefox115', 'safari16.4'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  // index.html is stored as the folder ("./"), never by its name: see sw.ts
  define: { KERASCOPE_PRECACHE: JSON.stringify(['./', ...assets.filter((a) => a !== 'index.html')]), KERASCOPE_BUILD: JSON.stringify(hash.digest('hex').slice(0, 16)) },
});

// The page's own JavaScript, gzipped: everything but the on-demand h5wasm chunk.
let own = 0;
let h5wasm = 0;
for (const f of files(out).filter((f) => f.endsWith('.js'))) {
  const gz = gzipSync(readFileSync(f), { level: 9 }).length;
  if (/hdf5_util|hdf5_hl/.test(f) || statSync(f).size > 2_000_000) h5wasm += gz;
  else own += gz;
}
console.log(`dist-web/: own JavaScript ${(own / 1024).toFixed(0)} KiB gzipped; h5wasm (loaded on demand) ${(h5wasm / 1024).toFixed(0)} KiB gzipped`);
