// `scan --urls <file>`: one model URL a line (`-` reads standard input); blank lines and lines
// starting with # are skipped. A line that is not an http(s) URL stops the scan before any request,
// with one coded line naming it: a typo in a list of a thousand models should not pass unnoticed.
import { readFile } from 'node:fs/promises';
import { ErrorCode, KerascopeError, isKerascopeError } from '../errors.js';
import { parseModelUrl } from '../readers/http/url.js';

export async function readUrlList(from: string): Promise<string[]> {
  let text: string;
  try {
    text = from === '-' ? await readStdin() : await readFile(from, 'utf8');
  } catch (e) {
    throw new KerascopeError(ErrorCode.FileNotFound, `cannot read the URL list: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, from, { cause: e });
  }
  const urls: string[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    try {
      parseModelUrl(line);
    } catch (e) {
      if (isKerascopeError(e)) throw new KerascopeError(e.code, `line ${i + 1}: ${e.message} (${e.file})`, from === '-' ? 'stdin' : from);
      throw e;
    }
    urls.push(line);
  }
  return urls;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
