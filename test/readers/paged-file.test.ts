// PagedFile: jsfive's whole-file buffer, loaded only where read. Checked against the same file read
// whole into memory, with a reader that counts what it is asked for.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { NeedsFullLibrary } from '../../src/readers/hdf5/file.js';
import { PagedFile, resetPagedReads, type SyncReader } from '../../src/readers/hdf5/paged-file.js';
import { openJsfive } from '../../src/readers/hdf5/jsfive-backend.js';
import { readKerasH5 } from '../../src/readers/hdf5/keras-layout.js';
import { withinBudget } from '../../src/readers/hdf5/budget.js';
import { readSuperblock } from '../../src/readers/hdf5/signature.js';
import { bufferSource } from '../../src/readers/source.js';

const CIFAR = fileURLToPath(new URL('../../fixtures/cifar10_cnn.h5', import.meta.url));
const budget = { ms: 60_000, file: 'x' };

/** A reader over `bytes` that records each read. */
function countingReader(bytes: Uint8Array): SyncReader & { reads: [number, number][] } {
  const reads: [number, number][] = [];
  return {
    name: 'mem',
    size: bytes.length,
    reads,
    readSync(position, into) {
      const part = bytes.subarray(position, position + into.length);
      into.set(part);
      reads.push([position, part.length]);
      return part.length;
    },
  };
}

const pattern = (n: number) => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7 + (i >> 16)) & 0xff;
  return out;
};
const getters = () => Object.getOwnPropertyNames(DataView.prototype).filter((k) => k.startsWith('get')).map((k) => Object.getOwnPropertyDescriptor(DataView.prototype, k)!.value);
const pristine = getters();

afterEach(() => expect(getters()).toEqual(pristine));

describe('PagedFile', () => {
  it('DataView reads inside run() load just the pages they touch; outside run() nothing is hooked', () => {
    const bytes = pattern(8 << 20);
    const reader = countingReader(bytes);
    const paged = PagedFile.lazy(reader);
    const view = new DataView(paged.buffer);
    expect(view.getUint8(5_000_000)).toBe(0); // not loaded, and no hook outside run()
    const got = paged.run(() => [view.getUint32(5_000_000, true), view.getBigUint64(65_532, true)]);
    expect(got[0]).toBe(new DataView(bytes.buffer).getUint32(5_000_000, true));
    expect(got[1]).toBe(new DataView(bytes.buffer).getBigUint64(65_532, true)); // spans two pages
    expect(reader.reads).toEqual([
      [Math.floor(5_000_000 / 65536) * 65536, 65536],
      [0, 2 * 65536],
    ]);
  });

  it('slices load their pages; bytes() and readInto() read straight from the file, leaving the pages alone', () => {
    const bytes = pattern(4 << 20);
    const reader = countingReader(bytes);
    const paged = PagedFile.lazy(reader);
    expect(new Uint8Array(paged.buffer.slice(3_000_000, 3_000_010))).toEqual(bytes.subarray(3_000_000, 3_000_010));
    expect(paged.buffer.slice(0, 4)).not.toBeInstanceOf(paged.buffer.constructor); // species: a plain ArrayBuffer
    expect(Buffer.from(paged.bytes(1_000_001, 300_000)).equals(bytes.subarray(1_000_001, 1_300_001))).toBe(true);
    const into = new Uint8Array(10);
    expect(paged.readInto(4_194_294, into)).toEqual(bytes.subarray(4_194_294));
    expect(reader.reads).toEqual([
      [Math.floor(3_000_000 / 65536) * 65536, 65536],
      [0, 65536],
      [1_000_001, 300_000],
      [4_194_294, 10],
    ]);
    expect(() => paged.bytes(4_194_300, 10)).toThrow(RangeError);
  });

  it('a file whose structure sends jsfive over more than the page budget goes to h5wasm', () => {
    const paged = PagedFile.lazy(countingReader(pattern(8 << 20)), 3 * 65536);
    const view = new DataView(paged.buffer);
    paged.run(() => view.getUint8(0) + view.getUint8(65536 * 2) + view.getUint8(65536 * 5)); // 3 pages: the budget
    expect(() => paged.run(() => view.getUint8(65536 * 6))).toThrow(NeedsFullLibrary);
    expect(() => paged.buffer.slice(0, 4 * 65536)).toThrow(/more than 196608 bytes of file structure/);
  });

  it('reads a small file whole at once', () => {
    const reader = countingReader(pattern(100_000));
    PagedFile.lazy(reader);
    expect(reader.reads).toEqual([[0, 100_000]]);
  });

  it('a file that ends early while being read is a coded error, not zeros', () => {
    const bytes = pattern(4 << 20);
    const paged = PagedFile.lazy({ name: 'shrunk.h5', size: bytes.length, readSync: (p, into) => (p >= 2 << 20 ? 0 : countingReader(bytes).readSync(p, into)) });
    expect(() => paged.bytes(3 << 20, 8)).toThrow(expect.objectContaining({ code: 'E_TRUNCATED', file: 'shrunk.h5' }));
  });

  it('puts DataView back when the function throws, and after a watchdog stopped it midway', () => {
    const paged = PagedFile.lazy(countingReader(pattern(4 << 20)));
    const view = new DataView(paged.buffer);
    expect(() => paged.run(() => { throw new Error('boom'); })).toThrow('boom');
    expect(getters()).toEqual(pristine);
    // Termination skips run()'s finally: budget.ts must put the getters back itself.
    expect(() => withinBudget({ ms: 200, file: 'x.h5' }, 'a loop', () => paged.run(() => { for (;;) view.getUint8(3_000_000); }))).toThrow(expect.objectContaining({ code: 'E_LIMIT' }));
    expect(getters()).toEqual(pristine);
    expect(paged.run(() => view.getUint8(2_000_000))).toBe(pattern(2_000_001)[2_000_000]);
  });

  it('jsfive over a paged cifar10_cnn.h5 sees what it sees in memory, reading a fraction of the file', async () => {
    const bytes = new Uint8Array(readFileSync(CIFAR));
    const sb = await readSuperblock(bufferSource('cifar10_cnn.h5', bytes));
    const fd = openSync(CIFAR, 'r');
    try {
      let read = 0;
      const paged = PagedFile.lazy({ name: 'cifar', size: bytes.length, readSync: (p, into) => ((read += into.length), readSync(fd, into, 0, into.length, p)) });
      const lazy = readKerasH5(openJsfive(paged, sb, 'cifar10_cnn.h5', budget), 'cifar10_cnn.h5');
      const whole = readKerasH5(openJsfive(PagedFile.inMemory(bytes), sb, 'cifar10_cnn.h5', budget), 'cifar10_cnn.h5');
      expect(lazy).toEqual(whole);
      expect(lazy.layers.flatMap((l) => l.tensors)).toHaveLength(12); // 4 Conv2D + 2 Dense, kernel and bias each
      expect(read).toBeLessThan(bytes.length / 10);
    } finally {
      closeSync(fd);
    }
  });
});
