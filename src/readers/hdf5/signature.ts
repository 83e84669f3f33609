// Checks an HDF5 file's signature and superblock ourselves before any library opens it, so that
// truncated or foreign files get a clear coded error (h5wasm would only print diagnostics to fd 2,
// jsfive would read a truncated file partway and then fail somewhere else).
import { ErrorCode, KerascopeError } from '../../errors.js';
import { describeContent } from '../content-hints.js';
import type { ByteSource } from '../source.js';

export const HDF5_SIGNATURE = Uint8Array.of(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a);

export interface Superblock {
  /** where the signature is: 0, or 512, 1024, 2048, … after a user block */
  offset: number;
  version: number;
  offsetSize: number;
  lengthSize: number;
  baseAddress: number;
  /** end-of-file address the writer recorded */
  eofAddress: number;
}

export function hasSignatureAt(bytes: Uint8Array, at: number): boolean {
  if (bytes.length < at + 8) return false;
  for (let i = 0; i < 8; i++) if (bytes[at + i] !== HDF5_SIGNATURE[i]) return false;
  return true;
}

/** The first offset (0, 512, 1024, …) holding the signature, as the HDF5 library searches; -1 if none. `head` is the file's prefix, if already read. */
export async function findHdf5Signature(source: ByteSource, head: Uint8Array = new Uint8Array(0)): Promise<number> {
  for (let at = 0; at + 8 <= source.size; at = at === 0 ? 512 : at * 2) {
    if (hasSignatureAt(at + 8 <= head.length ? head : await source.read(at, 8), at + 8 <= head.length ? at : 0)) return at;
  }
  return -1;
}

/** Finds and validates the superblock; throws E_NOT_A_MODEL, E_TRUNCATED or E_CORRUPT. */
export async function readSuperblock(source: ByteSource): Promise<Superblock> {
  const file = source.name;
  if (source.size === 0) throw new KerascopeError(ErrorCode.Empty, 'file is empty', file);
  const offset = await findHdf5Signature(source);
  if (offset < 0) {
    const hint = describeContent(await source.read(0, 512));
    throw new KerascopeError(ErrorCode.NotAModel, `not an HDF5 file (no HDF5 signature${hint ? `; ${hint}` : ''})`, file);
  }
  const sb = await source.read(offset, 96);
  const view = new DataView(sb.buffer, sb.byteOffset, sb.byteLength);
  const truncated = () => new KerascopeError(ErrorCode.Truncated, `truncated HDF5 file: it ends inside the superblock (${source.size} bytes)`, file);
  if (sb.length < 12) throw truncated();
  const version = sb[8];
  let offsetSize: number;
  let lengthSize: number;
  let addrAt: number;
  if (version === 0 || version === 1) {
    if (sb.length < 16) throw truncated();
    offsetSize = sb[13];
    lengthSize = sb[14];
    addrAt = version === 0 ? 24 : 28;
  } else if (version === 2 || version === 3) {
    offsetSize = sb[9];
    lengthSize = sb[10];
    addrAt = 12;
  } else {
    throw new KerascopeError(ErrorCode.Corrupt, `unknown HDF5 superblock version ${version}`, file);
  }
  if (![2, 4, 8].includes(offsetSize) || ![2, 4, 8].includes(lengthSize)) {
    throw new KerascopeError(ErrorCode.Corrupt, `HDF5 superblock declares ${offsetSize}-byte offsets and ${lengthSize}-byte lengths`, file);
  }
  // v0/v1: base, free-space, EOF, driver; v2/v3: base, extension, EOF, root.
  const need = addrAt + 3 * offsetSize;
  if (sb.length < need) throw truncated();
  const addr = (i: number) => readAddress(view, addrAt + i * offsetSize, offsetSize);
  const baseAddress = addr(0);
  const eofAddress = addr(2);
  if (!Number.isSafeInteger(baseAddress) || !Number.isSafeInteger(eofAddress)) {
    throw new KerascopeError(ErrorCode.Corrupt, 'HDF5 superblock holds an undefined or absurd end-of-file address', file);
  }
  // The HDF5 library refuses a file shorter than the recorded end; so do we, with the numbers.
  if (eofAddress > source.size) {
    throw new KerascopeError(
      ErrorCode.Truncated,
      `truncated HDF5 file: the superblock's end-of-file address is ${eofAddress} but the file has ${source.size} bytes`,
      file,
    );
  }
  return { offset, version, offsetSize, lengthSize, baseAddress, eofAddress };
}

function readAddress(view: DataView, at: number, size: number): number {
  if (size === 2) return view.getUint16(at, true);
  if (size === 4) return view.getUint32(at, true);
  const v = view.getBigUint64(at, true);
  return v === 0xffffffffffffffffn || v > BigInt(Number.MAX_SAFE_INTEGER) ? NaN : Number(v);
}
