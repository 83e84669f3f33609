// Both HDF5 libraries talk to the terminal on their own: h5wasm's C library prints its diagnostic
// stack straight to fd 2 (through fs.writeSync, so console patches miss it) and jsfive warns with
// console.warn. The user must only ever see our one-line errors, so every library call runs inside
// `quietly`, which captures that output (for our error messages) and restores both afterwards.
// The calls are synchronous, so nothing else runs while the patch is in place.
import fs from 'node:fs';

export interface Captured<T> {
  value?: T;
  error?: unknown;
  /** what the library tried to print */
  noise: string;
}

/** What `quietly` patches, as it is now; `restore` puts it back (budget.ts, after an interrupted call). */
export function captureStreams(): { restore(): void } {
  const writeSync = fs.writeSync;
  const warn = console.warn;
  const stderrWrite = process.stderr.write;
  return {
    restore() {
      (fs as { writeSync: unknown }).writeSync = writeSync;
      console.warn = warn;
      process.stderr.write = stderrWrite;
    },
  };
}

export function quietly<T>(fn: () => T): Captured<T> {
  const saved = captureStreams();
  const writeSync = fs.writeSync;
  // Emscripten's abort() ("Aborted(native code called abort())") goes through a console.error
  // bound at load time, so only the stream it writes to can be caught.
  let noise = '';
  const grab = (chunk: unknown, offset?: unknown, length?: unknown): number => {
    if (typeof chunk === 'string') {
      noise += chunk;
      return chunk.length;
    }
    const bytes = chunk as Uint8Array;
    const start = typeof offset === 'number' ? offset : 0;
    const end = typeof length === 'number' ? start + length : bytes.length;
    if (noise.length < 64 * 1024) noise += Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
    return end - start;
  };
  (fs as { writeSync: unknown }).writeSync = function (fd: number, chunk: unknown, ...rest: unknown[]) {
    if (fd === 2) return grab(chunk, rest[0], rest[1]);
    return (writeSync as (...a: unknown[]) => number).call(fs, fd, chunk, ...rest);
  };
  process.stderr.write = ((chunk: unknown) => grab(chunk) >= 0) as typeof process.stderr.write;
  console.warn = (...args: unknown[]) => {
    noise += `${args.map(String).join(' ')}\n`;
  };
  try {
    return { value: fn(), noise };
  } catch (error) {
    return { error, noise };
  } finally {
    saved.restore();
  }
}

/** The most telling line of an HDF5 diagnostic stack ("minor: …" of the deepest frame). */
export function diagnosticSummary(noise: string): string | undefined {
  const minors = [...noise.matchAll(/minor: (.+)/g)].map((m) => m[1].trim());
  const frames = [...noise.matchAll(/#\d+: .*? in [^(]+\(\): (.+)/g)].map((m) => m[1].trim());
  return frames[frames.length - 1] ?? minors[minors.length - 1];
}
