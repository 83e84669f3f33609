// What an archive member is, told by its name and its first bytes: the code-bearing kinds a Keras
// archive never holds (scripts, native executables and libraries, Python bytecode), and the places
// where a pickle sits (a pickle file, a NumPy object array, a PyTorch file's data.pkl).
import { isZip } from '../../readers/zip.js';
import { looksLikePickle } from '../python/pickle.js';
import { lookupTable } from '../../types/lookup.js';

export interface ExecutableKind {
  kind: string;
  by: 'name' | 'content' | 'name and content';
}

const BY_EXTENSION: Readonly<Record<string, string>> = lookupTable({
  py: 'Python source', pyw: 'Python source', pyc: 'Python bytecode', pyo: 'Python bytecode', sh: 'shell script',
  bash: 'shell script', exe: 'Windows executable', dll: 'Windows library', so: 'shared library',
  dylib: 'Mach-O library', bat: 'Windows batch script', cmd: 'Windows batch script', ps1: 'PowerShell script',
});

/** A member that is a script or native code, by extension (`.so.1` too) or by magic bytes. */
export function executableKind(name: string, head: Uint8Array): ExecutableKind | null {
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  const ext = /\.so(\.\d+)*$/.test(base) ? 'so' : base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
  const byName = BY_EXTENSION[ext];
  const byContent = magicKind(head);
  if (byContent) return { kind: byContent, by: byName ? 'name and content' : 'content' };
  return byName ? { kind: byName, by: 'name' } : null;
}

function magicKind(b: Uint8Array): string | null {
  const u32 = b.length >= 4 ? ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0 : -1;
  if (u32 === 0x7f454c46) return 'ELF executable or library';
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(u32)) return 'Mach-O executable or library';
  if (b[0] === 0x4d && b[1] === 0x5a && isPe(b)) return 'Windows PE executable or library';
  if (b[0] === 0x23 && b[1] === 0x21 && b[2] === 0x2f) return 'script with a #! interpreter line';
  // .pyc: a 2-byte magic number (Python 2.x 20121-62211, 3.x 3000-3999) then \r\n
  const pyc = b.length >= 16 ? b[0] | (b[1] << 8) : -1;
  if (b[2] === 0x0d && b[3] === 0x0a && ((pyc >= 3000 && pyc < 4000) || (pyc >= 20121 && pyc <= 62211))) return 'Python bytecode';
  return null;
}

/** An MZ header whose e_lfanew points at the `PE\0\0` signature. */
function isPe(b: Uint8Array): boolean {
  if (b.length < 64) return false;
  const at = b[0x3c] | (b[0x3d] << 8) | (b[0x3e] << 16) | (b[0x3f] << 24);
  return at > 0 && at + 4 <= b.length && b[at] === 0x50 && b[at + 1] === 0x45 && b[at + 2] === 0 && b[at + 3] === 0;
}

const PICKLE_EXTENSIONS = /\.(pkl|pickle|pck|p|pt|pth|bin|joblib|dill|sav|ckpt|data)$/i;

/** Where the pickle in a member starts: the whole member, or after a .npy header for object arrays; null if none. */
export function pickleStart(name: string, head: Uint8Array): { format: 'pickle' | 'npy object array'; offset: number } | null {
  const npy = npyObjectPayload(head);
  if (npy !== undefined) return npy === null ? null : { format: 'npy object array', offset: npy };
  if (isZip(head)) return null; // a PyTorch file or .npz: its members are listed on their own
  if (looksLikePickle(head) || (PICKLE_EXTENSIONS.test(name) && head.length > 0)) return { format: 'pickle', offset: 0 };
  return null;
}

/** For a .npy file: where its pickled payload starts if its dtype holds objects, null if it does not; undefined if not .npy. */
function npyObjectPayload(b: Uint8Array): number | null | undefined {
  if (b.length < 10 || b[0] !== 0x93 || String.fromCharCode(...b.subarray(1, 6)) !== 'NUMPY') return undefined;
  const major = b[6];
  const lenBytes = major === 1 ? 2 : 4;
  if (b.length < 8 + lenBytes) return undefined;
  const hlen = lenBytes === 2 ? b[8] | (b[9] << 8) : (b[8] | (b[9] << 8) | (b[10] << 16) | (b[11] << 24)) >>> 0;
  const start = 8 + lenBytes;
  const header = new TextDecoder('latin1').decode(b.subarray(start, Math.min(b.length, start + hlen)));
  // descr is a dtype string ('<f4', '|O') or a list of fields; any O type code means pickled objects.
  const descr = /['"]descr['"]\s*:\s*(.*?),\s*['"](fortran_order|shape)['"]/s.exec(header)?.[1] ?? header;
  return /['"][|<>=]?O\d*['"]/.test(descr) ? start + hlen : null;
}
