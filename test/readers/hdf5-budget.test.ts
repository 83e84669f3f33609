// The HDF5 time budget: a corrupt file that makes the HDF5 C library (h5wasm) loop forever, or any
// synchronous pass that runs too long, ends in E_LIMIT instead of a hang, and leaves nothing behind.
// And its memory cap: a corrupt file cannot make h5wasm grow its (never returned) memory past
// MAX_H5WASM_MEMORY_BYTES. Both asserted by what the library reports, not by the clock or the process size.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hdf5BudgetMs, withinBudget } from '../../src/readers/hdf5/budget.js';
import { openH5wasm } from '../../src/readers/hdf5/h5wasm-backend.js';
import { readKerasH5 } from '../../src/readers/hdf5/keras-layout.js';
import { quietly } from '../../src/readers/hdf5/quiet.js';
import { HDF5_BUDGET_MAX_MS, HDF5_BUDGET_MS, MAX_H5WASM_MEMORY_BYTES } from '../../src/readers/limits.js';
import { fixture } from './hdf5-helpers.js';

/** k3_legacy.h5 mutated by the fuzzer: a global heap object whose size makes the HDF5 library loop. */
const LOOPING = join(__dirname, '../regressions/h5wasm-hang-mutated-k3-legacy/input/k3_legacy.h5');
/** A Keras 3 model.h5 mutated by the fuzzer: model_config points into a global heap of about a gigabyte. */
const HUGE_HEAP = join(__dirname, '../regressions/h5wasm-rss-global-heap-1gb/input/model.h5');

describe('HDF5 time and memory bounds', () => {
  it('grows with the file size, within bounds', () => {
    expect(hdf5BudgetMs(35_000)).toBeGreaterThanOrEqual(HDF5_BUDGET_MS);
    expect(hdf5BudgetMs(35_000)).toBeLessThan(HDF5_BUDGET_MS + 1000);
    expect(hdf5BudgetMs(4 * 1024 * 1024)).toBeGreaterThan(hdf5BudgetMs(35_000));
    expect(hdf5BudgetMs(1e12)).toBe(HDF5_BUDGET_MAX_MS);
  });

  it('stops a synchronous loop with E_LIMIT and puts back what quietly() had patched', () => {
    const write = process.stderr.write;
    const warn = console.warn;
    let overruns = 0;
    const budget = { ms: 200, file: 'x.h5', onOverrun: () => overruns++ };
    expect(() => withinBudget(budget, 'a loop', () => quietly(() => {
      for (;;);
    }))).toThrow(expect.objectContaining({ code: 'E_LIMIT', message: expect.stringMatching(/more than 0 s on a loop/) }));
    expect(overruns).toBe(1);
    expect(process.stderr.write).toBe(write);
    expect(console.warn).toBe(warn);
    expect(withinBudget(budget, 'a sum', () => 1 + 1)).toBe(2);
  });

  it('stops h5wasm looping on a corrupt global heap, refuses further calls on that file, and opens the next file on a fresh library', async () => {
    const h5 = await openH5wasm({ path: LOOPING }, 'k3_legacy.h5', 500);
    expect(() => h5.withinBudget('the file structure', () => readKerasH5(h5, 'k3_legacy.h5'))).toThrow(
      expect.objectContaining({ code: 'E_LIMIT', message: expect.stringMatching(/spent more than \d+ s on the file structure and was stopped/) }),
    );
    expect(() => h5.attrNames('/')).toThrow(expect.objectContaining({ code: 'E_LIMIT', message: expect.stringMatching(/was stopped/) }));
    h5.close();
    const next = await openH5wasm({ path: fixture('k3_legacy.h5') }, 'k3_legacy.h5', 10_000);
    expect(next.withinBudget('the file structure', () => readKerasH5(next, 'k3_legacy.h5')).layers.length).toBeGreaterThan(0);
    next.close();
  }, 20_000);

  it('caps the memory h5wasm may grow to: a gigabyte global heap is E_LIMIT, and the library stays usable', async () => {
    const h5 = await openH5wasm({ path: HUGE_HEAP }, 'model.h5', 10_000);
    // the cap refused the library's growth (this message is given only then), not the time budget
    expect(() => h5.withinBudget('the file structure', () => readKerasH5(h5, 'model.h5'))).toThrow(
      expect.objectContaining({ code: 'E_LIMIT', message: `the HDF5 library needed more than ${MAX_H5WASM_MEMORY_BYTES} bytes of memory to read attribute /@model_config` }),
    );
    h5.close();
    const next = await openH5wasm({ path: fixture('k3_legacy.h5') }, 'k3_legacy.h5', 10_000);
    expect(next.withinBudget('the file structure', () => readKerasH5(next, 'k3_legacy.h5')).layers.length).toBeGreaterThan(0);
    next.close();
  }, 20_000);
});
