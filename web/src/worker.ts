// The Web Worker that reads dropped files: the library runs here, off the page's thread, so that
// FileReaderSync can page HDF5 files synchronously (blob-source.ts) and the page stays responsive.
import { inspectFiles } from './inspect.js';
import { errorLine } from '../../src/cli/run.js';
import type { Request, Reply } from './protocol.js';

const post = (reply: Reply) => (self as unknown as { postMessage(m: Reply): void }).postMessage(reply);

self.addEventListener('message', (event: MessageEvent<Request>) => {
  const { id, files, values } = event.data;
  const map = new Map(files.map((f) => [f.path, f.file] as const));
  const progress = (task: 'values' | 'hash') => {
    let last = 0;
    return (done: number, total: number, what: string) => {
      const now = Date.now();
      if (now - last < 100 && done + 1 < total) return;
      last = now;
      post({ type: 'progress', id, task, done, total, what });
    };
  };
  inspectFiles(map, { values, onProgress: progress('values') }).then(
    async ({ result, withDigests }) => {
      post({ type: 'result', id, result });
      try {
        post({ type: 'digests', id, models: await withDigests(progress('hash')) });
      } catch (e) {
        post({ type: 'digests', id, models: [], error: errorLine(e) });
      }
    },
    (e: unknown) => post({ type: 'failed', id, message: errorLine(e) }),
  );
});
