// The size and SHA-256 of a file as it is on disk, streamed: provenance for reports (CI logs,
// SARIF artifacts) that says which bytes were audited.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { looksLikeUrl } from './http/url.js';

export interface FileDigest {
  size: number;
  sha256: string;
}

/**
 * The digest of what `path` names when that is one regular file here; none for a URL (its bytes would
 * have to be downloaded whole: reports state the transfer instead), a folder (a preset: several
 * files) or a path that does not exist (the report says why it could not be read).
 */
export async function fileDigest(path: string): Promise<FileDigest | Record<string, never>> {
  if (looksLikeUrl(path)) return {};
  const st = await stat(path).catch(() => null);
  if (!st?.isFile()) return {};
  const size = st.size;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return { size, sha256: hash.digest('hex') };
}
