// Atomic outputs: everything is written under a temporary name in the output's own folder and renamed
// into place at the end, so a reader never sees half a file and a failed conversion leaves nothing
// behind. An existing output is replaced only with `force`.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ErrorCode, isKerascopeError, KerascopeError } from '../errors.js';

export interface PendingOutput {
  /** where to write: a file path, or a folder (created) for folder outputs */
  tmp: string;
  /** renames the temporary output into place */
  commit(): Promise<void>;
  /** removes the temporary output and gives the error to throw: a system error (a full disk) as a coded one naming the output */
  fail(e: unknown): Promise<unknown>;
}

function writeError(e: unknown, out: string): unknown {
  if (isKerascopeError(e) || !(e instanceof Error) || typeof (e as NodeJS.ErrnoException).code !== 'string') return e;
  return new KerascopeError(ErrorCode.Io, `cannot write the output: ${e.message}`, out, { cause: e });
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

export async function pendingOutput(out: string, kind: 'file' | 'folder', force: boolean, inputs: string[]): Promise<PendingOutput> {
  const target = resolve(out);
  if (inputs.some((i) => resolve(i) === target)) throw new KerascopeError(ErrorCode.Usage, 'the output would overwrite the input', out);
  if (!force && (await exists(target))) throw new KerascopeError(ErrorCode.OutputExists, 'the output exists; pass --force to replace it', out);
  const dir = dirname(target);
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new KerascopeError(ErrorCode.Io, `cannot create the output folder: ${(e as Error).message}`, out, { cause: e });
  }
  const tmp = join(dir, `.${basename(target)}.kerascope-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    if (kind === 'folder') await mkdir(tmp);
  } catch (e) {
    throw writeError(e, out);
  }
  return {
    tmp,
    async commit() {
      try {
        if (kind === 'file' || !(await exists(target))) {
          await rename(tmp, target);
          return;
        }
        // A folder cannot be renamed over another: move the old one aside, then drop it.
        const old = `${tmp}.old`;
        await rename(target, old);
        await rename(tmp, target);
        await rm(old, { recursive: true, force: true });
      } catch (e) {
        await rm(tmp, { recursive: true, force: true });
        throw new KerascopeError(ErrorCode.Io, `cannot move the output into place: ${(e as Error).message}`, out, { cause: e });
      }
    },
    async fail(e) {
      await rm(tmp, { recursive: true, force: true });
      return writeError(e, out);
    },
  };
}
