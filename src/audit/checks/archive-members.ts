// Members of a .keras archive that Keras does not write (readers/extra-members.ts): pickles, NumPy
// object arrays and PyTorch files, walked opcode by opcode for the globals they import, and scripts
// or native code. Keras never opens them, but whoever unpacks the archive may, and a model carrying
// them was not written by Keras alone.
import type { ExtraMember } from '../../readers/types.js';
import { looksLikePickle, pickleGlobals } from '../python/pickle.js';
import { dangerousAmong, isDangerousGlobal } from '../security/dangerous.js';
import { executableKind, pickleStart } from '../security/member-kinds.js';
import type { Finding } from '../finding.js';
import type { Check } from '../types.js';

export const archiveMembersCheck: Check = {
  id: 'archive-members',
  appliesTo: (m) => (m.raw.extraMembers?.length ? true : 'no archive members beyond what Keras writes'),
  run: (m) => {
    // Members the zip reader already reported (encrypted, unsupported) are not reported twice.
    const reported = new Set(Array.isArray(m.raw.meta.archiveProblems) ? (m.raw.meta.archiveProblems as { entry?: unknown }[]).map((p) => p.entry) : []);
    return (m.raw.extraMembers ?? []).flatMap((x) => memberFindings(x, reported));
  },
};

function memberFindings(m: ExtraMember, reported: ReadonlySet<unknown>): Finding[] {
  const out: Finding[] = [];
  // A member that could not be looked at (past the scan bounds, unreadable) may hide anything.
  if (m.error && !reported.has(m.name)) out.push({ code: 'archive-member-problem', member: m.name, detail: `zip member ${m.name} was not looked at: ${m.error}` });
  const exe = executableKind(m.name, m.head);
  if (exe) out.push({ code: 'archive-executable', member: m.name, ...exe });
  const start = m.error ? null : pickleStart(m.name, m.head);
  if (start) {
    const data = m.head.subarray(start.offset);
    const walk = pickleGlobals(data);
    // A name that merely sounds like a pickle (.bin, .data) must also read as one, to its end.
    if (looksLikePickle(data) || (walk.pickles > 0 && !walk.stopped)) {
      const payload = {
        member: m.name, format: start.format, globals: walk.globals, scannedBytes: m.head.length, size: m.size,
        ...(walk.stopped ? { stopped: m.complete ? walk.stopped : `${walk.stopped} (only the first ${m.head.length} bytes were read)` } : {}),
      };
      const dangerous = dangerousAmong(walk.globals, isDangerousGlobal);
      out.push(dangerous.length ? { code: 'archive-pickle-dangerous', ...payload, dangerous } : { code: 'archive-pickle', ...payload });
    }
  }
  return out;
}
