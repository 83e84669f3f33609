// The size and SHA-256 of a file as it is on disk, streamed: provenance for reports (CI logs,
// SARIF artifacts) that says which bytes were audited.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

export interface FileDigest {
  size: number;
  sha256: string;
}

export async function fileDigest(path: string): Promise<FileDigest> {
  const { size } = await stat(path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return { size, sha256: hash.digest('hex') };
}
