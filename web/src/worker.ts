// The Web Worker that reads dropped files: the library runs here, off the page's thread, so that
// FileReaderSync can page HDF5 files synchronously (blob-source.ts) and the page stays responsive.
import { inspectFiles, type Inspection } from './inspect.js';
import { errorLine } from '../../src/cli/run.js';
import type { Request, Reply } from './protocol.js';

const post = (reply: Reply) => (self as unknown as { postMessage(m: Reply): void }).postMessage(reply);

/** The last files read, for their audit reports. */
let last: { id: number; inspection: Inspection } | undefined;

/** Progress for request `id`, at most every 100 ms. */
function progress(id: number, task: 'values' | 'hash') {
  let sent = 0;
  return (done: number, total: number, what: string) => {
    const now = Date.now();
    if (now - sent < 100 && done + 1 < total) return;
    sent = now;
    post({ type: 'progress', id, task, done, total, what });
  };
}

self.addEventListener('message', (event: MessageEvent<Request>) => {
  const request = event.data;
  const { id } = request;
  if (request.type === 'reports') {
    if (last?.id !== id) return;
    last.inspection.reportsWithDigest(request.index, progress(id, 'hash')).then(
      (downloads) => post({ type: 'reports', id, index: request.index, downloads }),
      (e: unknown) => post({ type: 'reports', id, index: request.index, downloads: [], error: errorLine(e) }),
    );
    return;
  }
  const map = new Map(request.files.map((f) => [f.path, f.file] as const));
  last = undefined;
  inspectFiles(map, { values: request.values, onProgress: progress(id, 'values') }).then(
    (inspection) => {
      last = { id, inspection };
      post({ type: 'result', id, result: inspection.result });
    },
    (e: unknown) => post({ type: 'failed', id, message: errorLine(e) }),
  );
});
