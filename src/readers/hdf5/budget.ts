// A time budget for synchronous library calls. The HDF5 C library (h5wasm) can loop forever on a
// corrupt file (a global heap object whose size wraps the 32-bit wasm pointer around), and jsfive
// is synchronous JavaScript: neither yields, so no timer can stop them. A vm script's `timeout`
// can: Node's watchdog thread terminates whatever is running on this thread, WebAssembly included,
// and the call ends with ERR_SCRIPT_EXECUTION_TIMEOUT. A watchdog costs ~0.2 ms, so budgets are
// placed around whole passes (open + structure walk, one slab of data), never around each call.
//
// Termination skips `finally` blocks, so whatever the interrupted code had patched must be put
// back here (quiet.ts' capture of stderr, paged-file.ts' DataView hooks), and library state it left half-changed must not be
// used again (the h5wasm backend reloads the library; see `onOverrun`).
import vm from 'node:vm';
import { ErrorCode, KerascopeError } from '../../errors.js';
import { HDF5_BUDGET_MAX_MS, HDF5_BUDGET_MS, HDF5_BUDGET_MS_PER_MB } from '../limits.js';
import { resetPagedReads } from './paged-file.js';
import { captureStreams } from './quiet.js';

const context = vm.createContext({});
const script = new vm.Script('run()', { filename: 'kerascope-hdf5-budget' });

/** The budget for one pass over a file of `bytes` bytes. */
export function hdf5BudgetMs(bytes: number): number {
  return Math.min(HDF5_BUDGET_MAX_MS, HDF5_BUDGET_MS + Math.ceil((HDF5_BUDGET_MS_PER_MB * bytes) / (1024 * 1024)));
}

export interface Budget {
  ms: number;
  file: string;
  /** called after an overrun, before the error is thrown: drop state the interrupted call may have corrupted */
  onOverrun?: () => void;
}

let depth = 0;

/** Runs `fn` (synchronous) and stops it with E_LIMIT if it runs longer than the budget. */
export function withinBudget<T>(budget: Budget, what: string, fn: () => T): T {
  // Already inside a budgeted pass: the outer watchdog covers this call too.
  if (depth > 0) return fn();
  const streams = captureStreams();
  const holder = context as { run?: () => T };
  holder.run = fn;
  depth++;
  try {
    return script.runInContext(context, { timeout: Math.max(1, Math.round(budget.ms)) }) as T;
  } catch (e) {
    if ((e as { code?: unknown })?.code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw e;
    streams.restore();
    resetPagedReads();
    budget.onOverrun?.();
    throw new KerascopeError(
      ErrorCode.LimitExceeded,
      `the HDF5 library spent more than ${(budget.ms / 1000).toFixed(0)} s on ${what} and was stopped (a corrupt file that makes it loop?)`,
      budget.file,
    );
  } finally {
    depth--;
    holder.run = undefined;
  }
}
