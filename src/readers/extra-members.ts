// Members of a .keras archive that Keras does not write: read a bounded prefix of each (and of the
// members of a zip inside it, such as a PyTorch file) so the audit can say what they are. Nothing is
// extracted or interpreted here.
import { MAX_MEMBER_SCAN_BYTES, MAX_MEMBER_SCAN_TOTAL_BYTES, MAX_SCANNED_MEMBERS, type Limits } from './limits.js';
import { bufferSource, type ByteSource } from './source.js';
import type { ExtraMember } from './types.js';
import { isZip, openZip, type ZipArchive, type ZipEntry } from './zip.js';

type Budget = { left: number; bytes: number };

export async function extraMembers(zip: ZipArchive, isKerasMember: (name: string) => boolean, limits: Limits): Promise<ExtraMember[]> {
  const budget: Budget = { left: MAX_SCANNED_MEMBERS, bytes: MAX_MEMBER_SCAN_TOTAL_BYTES };
  const out: ExtraMember[] = [];
  for (const e of zip.entries) {
    if (e.name.endsWith('/') || isKerasMember(e.name)) continue;
    const m = await scan(zip, e, e.name, budget);
    out.push(m);
    // A zip inside (PyTorch's format, an .npz): its members one level down.
    if (!m.error && isZip(m.head)) out.push(...(await nested(zip, e, m, budget, limits)));
  }
  return out;
}

async function scan(zip: ZipArchive, e: ZipEntry, name: string, budget: Budget): Promise<ExtraMember> {
  const base = { name, size: e.size, head: new Uint8Array(0), complete: false };
  if (budget.left <= 0 || budget.bytes <= 0) return { ...base, error: `not read: more than ${MAX_SCANNED_MEMBERS} members or ${MAX_MEMBER_SCAN_TOTAL_BYTES} bytes` };
  budget.left--;
  try {
    const { bytes, complete } = await zip.readPrefix(e, Math.min(MAX_MEMBER_SCAN_BYTES, budget.bytes));
    budget.bytes -= bytes.length;
    return { ...base, head: bytes, complete };
  } catch (err) {
    return { ...base, error: (err as Error).message };
  }
}

async function nested(zip: ZipArchive, e: ZipEntry, m: ExtraMember, budget: Budget, limits: Limits): Promise<ExtraMember[]> {
  const source: ByteSource | null = (await zip.rangeSource(e)) ?? (m.complete ? bufferSource(m.name, m.head) : null);
  if (!source) return [];
  try {
    const inner = await openZip(source, limits);
    const out: ExtraMember[] = [];
    for (const ie of inner.entries) if (!ie.name.endsWith('/')) out.push(await scan(inner, ie, `${m.name}!${ie.name}`, budget));
    return out;
  } catch {
    return []; // not a readable zip after all: the member itself is still listed
  }
}
