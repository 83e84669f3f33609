#!/usr/bin/env node
// Serves the built web app (dist-web/) on localhost, as any static host would, plus the page's
// Content-Security-Policy as a header too (a meta tag does not reach the worker). No other route
// (but index.html's redirect, below).
// Usage: node scripts/serve-web.mjs [--port N] [--dir dist-web]; prints the URL, stops on Ctrl-C.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml', '.wasm': 'application/wasm' };

/** Starts the server; resolves to it once listening (port 0 = any free port). */
export function serve(dir, port = 0, host = '127.0.0.1') {
  const root = normalize(dir).replace(/[\\/]+$/, '');
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    // a folder's index.html is redirected to the folder, as hosts with "pretty URLs" do (Cloudflare
    // Pages, Netlify): the app must work under either name (web/src/sw.ts)
    if (path.endsWith('/index.html')) {
      res.writeHead(301, { location: path.slice(0, -'index.html'.length) }).end();
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const dir = fileURLToPath(new URL(`../${arg('--dir', 'dist-web')}/`, import.meta.url));
  const server = await serve(dir, Number(arg('--port', '8080')));
  console.log(`kerascope web app: http://127.0.0.1:${server.address().port}/ (Ctrl-C stops)`);
}
