// The model host of the URL tests (model-server.ts starts it in a thread of the test process, on
// 127.0.0.1, so that a test thread blocked in a synchronous read cannot stall it): serves a folder with Range support
// (ETag, Last-Modified) and, by path prefix, the ways real servers misbehave:
//   /files/<p>            byte ranges (206), or the whole file without a Range header
//   /redirect/<p>         302 to /files/<p> on the *other* server (another origin: a CDN)
//   /norange/<p>          ignores Range: 200 with the whole body
//   /flaky/<n>/<code>/<p> answers <code> (429, 503, 416, …) to the first <n> requests for <p>
//   /stall/<p>            accepts the request and never answers
//   /changing/<n>/<p>     after <n> requests, serves <p> with a new ETag and different bytes
// Every request is logged (path, range, authorization) for the tests to count and inspect, and the
// most connections open at once is kept.
import http from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

async function start(root) {
  const log = [];
  const counts = new Map();
  const stalled = new Set();
  let otherBase = '';
  const handler = (server) => (req, res) => {
    const entry = { server, path: req.url ?? '', range: req.headers.range, authorization: req.headers.authorization, status: 0, sent: 0 };
    log.push(entry);
    const reply = (status, headers, body) => {
      entry.status = status;
      entry.sent = body?.length ?? 0;
      res.writeHead(status, headers);
      res.end(body);
    };
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const seen = (counts.get(path) ?? 0) + 1;
    counts.set(path, seen);
    let m;
    if ((m = /^\/redirect\/(.+)$/.exec(path))) return reply(302, { location: `${otherBase}/files/${m[1]}` });
    if ((m = /^\/stall\//.exec(path))) return void stalled.add(res);
    if ((m = /^\/flaky\/(\d+)\/(\d+)\/(.+)$/.exec(path))) {
      if (seen <= Number(m[1])) return reply(Number(m[2]), { 'retry-after': '0', 'content-length': 0 });
      return serve(m[3], true, 0);
    }
    if ((m = /^\/norange\/(.+)$/.exec(path))) return serve(m[1], false, 0);
    if ((m = /^\/changing\/(\d+)\/(.+)$/.exec(path))) return serve(m[2], true, seen > Number(m[1]) ? 1 : 0);
    if ((m = /^\/files\/(.+)$/.exec(path))) return serve(m[1], true, 0);
    return reply(404, { 'content-length': 0 });

    function serve(rel, ranges, version) {
      let bytes;
      let mtime;
      try {
        bytes = readFileSync(join(root, rel));
        mtime = statSync(join(root, rel)).mtime;
      } catch {
        return reply(404, { 'content-length': 0 });
      }
      if (version > 0) {
        bytes = Uint8Array.from(bytes, (b) => b ^ 0xff); // the "new upload": other bytes, same size
        mtime = new Date(mtime.getTime() + 3_600_000);
      }
      const validators = { etag: `"v${version}-${bytes.length}"`, 'last-modified': mtime.toUTCString(), 'accept-ranges': ranges ? 'bytes' : 'none' };
      const r = ranges ? /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '') : null;
      if (!r) return reply(200, { ...validators, 'content-length': bytes.length }, bytes);
      const from = Number(r[1]);
      const to = r[2] === '' ? bytes.length - 1 : Math.min(Number(r[2]), bytes.length - 1);
      if (from >= bytes.length) return reply(416, { 'content-range': `bytes */${bytes.length}`, 'content-length': 0 });
      return reply(206, { ...validators, 'content-range': `bytes ${from}-${to}/${bytes.length}`, 'content-length': to - from + 1 }, bytes.subarray(from, to + 1));
    }
  };
  const a = http.createServer(handler('a'));
  const b = http.createServer(handler('b'));
  // Connections open at once, at most (a scan must keep a bounded number).
  const sockets = { open: 0, max: 0 };
  for (const s of [a, b]) {
    s.on('connection', (socket) => {
      sockets.max = Math.max(sockets.max, ++sockets.open);
      socket.on('close', () => sockets.open--);
    });
  }
  const listen = (s) => new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${s.address().port}`)));
  const url = await listen(a);
  otherBase = await listen(b);
  parentPort.on('message', async (msg) => {
    if (msg === 'log') return parentPort.postMessage({ log, maxSockets: sockets.max });
    for (const res of stalled) res.destroy();
    a.closeAllConnections();
    b.closeAllConnections();
    await Promise.all([new Promise((r) => a.close(r)), new Promise((r) => b.close(r))]);
    parentPort.postMessage({ closed: true });
  });
  parentPort.postMessage({ url, other: otherBase });
}

await start(workerData.root);
