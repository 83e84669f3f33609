// The Web Worker that reads dropped files: the library runs here, off the page's thread, so that
// FileReaderSync can page HDF5 files synchronously (blob-source.ts) and the page stays responsive.
import { inspectFiles, type Inspection } from './inspect.js';
import { errorLine } from '../../src/cli/run.js';
import { ErrorCode, KerascopeError } from '../../src/errors.js';
import type { FileDigest } from '../../src/readers/digest.js';
import type { BlobLike } from '../../src/readers/blob-source.js';
import type { Request, Reply } from './protocol.js';
import type { HashReply } from './hash-worker.js';

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

/** A file's size and SHA-256, from a hashing worker started for it (hash-worker.ts). */
function digestInWorker(file: BlobLike, path: string, onProgress: (done: number, total: number, what: string) => void): Promise<FileDigest> {
  const hasher = new Worker(new URL('./hash-worker.js', import.meta.url), { type: 'module' });
  return new Promise<FileDigest>((resolve, reject) => {
    hasher.addEventListener('message', (e: MessageEvent<HashReply>) => {
      const reply = e.data;
      if (reply.type === 'progress') return onProgress(reply.done, reply.total, path);
      if (reply.type === 'digest') resolve(reply.digest);
      else reject(new KerascopeError(ErrorCode.Io, `cannot read: ${reply.message}`, path));
    });
    hasher.addEventListener('error', () => reject(new KerascopeError(ErrorCode.Io, 'the hashing worker did not start', path)));
    hasher.postMessage({ file });
  }).finally(() => hasher.terminate());
}

self.addEventListener('message', (event: MessageEvent<Request>) => {
  const request = event.data;
  const { id } = request;
  if (request.type === 'reports') {
    if (last?.id !== id) return;
    const onProgress = progress(id, 'hash');
    last.inspection.reportsWithDigest(request.index, (file, path) => digestInWorker(file, path, onProgress)).then(
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
