// Hashes one dropped file for its audit reports (worker.ts asks, per report request). A worker of
// its own: streaming a large file through a fresh heap stays near the page's usual memory, where
// the reading worker's heap, holding what it has read, grew by hundreds of MB doing the same.
import { blobDigest } from '../../src/readers/sha256.js';
import type { FileDigest } from '../../src/readers/digest.js';

export type HashReply = { type: 'progress'; done: number; total: number } | { type: 'digest'; digest: FileDigest } | { type: 'error'; message: string };

const post = (reply: HashReply) => (self as unknown as { postMessage(m: HashReply): void }).postMessage(reply);

self.addEventListener('message', (event: MessageEvent<{ file: Blob }>) => {
  let sent = 0;
  const onProgress = (done: number, total: number) => {
    const now = Date.now();
    if (now - sent < 100) return;
    sent = now;
    post({ type: 'progress', done, total });
  };
  blobDigest(event.data.file, onProgress).then(
    (digest) => post({ type: 'digest', digest }),
    (e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }),
  );
});
