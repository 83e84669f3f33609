// One HTTP request and its answer, with a bounded body: the building block of resource.ts. Runs in
// the fetch thread. Connections are kept alive and pooled per host (a scan of a thousand models on
// one hub reuses a few sockets instead of opening a thousand).
import http from 'node:http';
import https from 'node:https';

/** Sockets per host and thread: a scan runs one fetch thread per worker, so --jobs × this in all. */
const MAX_SOCKETS_PER_HOST = 4;
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST }),
};

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** the body, or its first bytes when it was longer than the caller wanted (the connection is then closed) */
  body: Uint8Array;
  /** whether `body` is the whole body (the answer ended) */
  complete: boolean;
}

/** A failure of the connection itself (refused, reset, timed out): worth another try. */
export class ConnectionFailure extends Error {}

/**
 * GETs `url` and reads at most `bodyLimit(answer)` bytes of the body. `onData` sees each piece as it
 * arrives (progress for the waiting thread). Nothing sends for `timeoutMs`: ConnectionFailure.
 */
export function exchange(
  url: URL,
  headers: Record<string, string>,
  timeoutMs: number,
  bodyLimit: (status: number, headers: http.IncomingHttpHeaders) => number,
  onData: (n: number) => void,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(e);
    };
    const req = lib.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { 'user-agent': 'kerascope', 'accept-encoding': 'identity', ...headers },
        agent: agents[url.protocol as 'http:' | 'https:'],
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const limit = bodyLimit(status, res.headers);
        const chunks: Buffer[] = [];
        let got = 0;
        const done = (complete: boolean) => {
          if (settled) return;
          settled = true;
          // Bytes we do not want are not downloaded: the connection is dropped instead of drained.
          if (!complete) res.destroy();
          const body = Buffer.concat(chunks, Math.min(got, limit));
          resolve({ status, headers: res.headers, body: new Uint8Array(body.buffer, body.byteOffset, body.length), complete });
        };
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          chunks.push(chunk);
          got += chunk.length;
          onData(chunk.length);
          if (got >= limit) done(false);
        });
        res.on('end', () => done(true));
        res.on('error', (e) => fail(new ConnectionFailure(e.message)));
        res.on('aborted', () => fail(new ConnectionFailure('the connection closed before the answer ended')));
        res.on('close', () => {
          if (!settled && !res.complete) fail(new ConnectionFailure('the connection closed before the answer ended'));
        });
      },
    );
    req.setTimeout(timeoutMs, () => fail(new ConnectionFailure(`no data for ${Math.round(timeoutMs / 1000)} s`)));
    req.on('error', (e: NodeJS.ErrnoException) => fail(new ConnectionFailure(e.code ?? e.message)));
    req.end();
  });
}
