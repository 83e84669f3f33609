#!/usr/bin/env node
// A static file server with byte ranges for the URL benchmark, in a process of its own (the
// benchmark's measurements block their own thread): `range-server.mjs <folder>` prints its base URL
// (127.0.0.1, a free port) on the first line of stdout and serves until killed.
import http from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { join, normalize } from 'node:path';

const root = process.argv[2];
const server = http.createServer((req, res) => {
  const rel = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const path = join(root, rel);
  let size;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    res.writeHead(404, { 'content-length': 0 }).end();
    return;
  }
  const etag = `"${size}-${statSync(path).mtimeMs}"`;
  const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  if (!m) {
    res.writeHead(200, { 'content-length': size, etag, 'accept-ranges': 'bytes' });
    createReadStream(path).pipe(res);
    return;
  }
  const from = Number(m[1]);
  const to = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (from >= size) {
    res.writeHead(416, { 'content-range': `bytes */${size}`, 'content-length': 0 }).end();
    return;
  }
  res.writeHead(206, { 'content-range': `bytes ${from}-${to}/${size}`, 'content-length': to - from + 1, etag, 'accept-ranges': 'bytes' });
  createReadStream(path, { start: from, end: to }).pipe(res);
});
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`));
