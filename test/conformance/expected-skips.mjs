// The committed list of conformance cases allowed to skip (expected-skips.tsv: suite, case id, reason;
// one line each, `#` comments). A skip is accepted only when its case is listed and the listed reason
// is part of the reason the suite gives; anything else fails the run, and so does a listed case that
// no longer skips (or no longer exists), so the list can only shrink. `--update-skips` deletes the
// lines of cases that run now and prints, but never adds, lines for unlisted skips.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const EXPECTED_SKIPS_FILE = fileURLToPath(new URL('./expected-skips.tsv', import.meta.url));
const FILE_NAME = 'test/conformance/expected-skips.tsv';

const keyOf = (suite, id) => `${suite}\t${id}`;
/** One line of the file for a skip; a reason is kept on one line. */
export const lineOf = (suite, id, reason) => `${suite}\t${id}\t${reason.replace(/\s+/g, ' ').trim()}`;

export class ExpectedSkips {
  constructor(path = EXPECTED_SKIPS_FILE) {
    this.path = path;
    this.lines = readFileSync(path, 'utf8').split('\n');
    /** key → {reason, line index} */
    this.entries = new Map();
    this.lines.forEach((line, i) => {
      if (line.trim() === '' || line.startsWith('#')) return;
      const [suite, id, reason] = line.split('\t');
      if (!suite || !id || !reason) throw new Error(`${FILE_NAME}:${i + 1}: want "suite<TAB>case id<TAB>reason", got ${JSON.stringify(line)}`);
      if (this.entries.has(keyOf(suite, id))) throw new Error(`${FILE_NAME}:${i + 1}: ${suite} ${id} is listed twice`);
      this.entries.set(keyOf(suite, id), { reason, index: i });
    });
    /** keys whose line is to go (their case no longer skips, or is gone) */
    this.stale = new Set();
  }

  /** How many skips are listed for a suite. */
  listed(suite) {
    return [...this.entries.keys()].filter((k) => k.startsWith(`${suite}\t`)).length;
  }

  /**
   * The verdict on one case's result: `{ok: true}` for an accepted skip or a run of an unlisted case,
   * else `{problem}` saying what to change in the file.
   */
  judge(suite, id, result) {
    const key = keyOf(suite, id);
    const entry = this.entries.get(key);
    if (result.skipped) {
      const reason = result.reason ?? '';
      if (!entry) return { problem: `skipped, and not listed in ${FILE_NAME}: ${reason}\n      if this skip is justified, add the line: ${lineOf(suite, id, reason)}` };
      if (!reason.includes(entry.reason)) return { problem: `skipped for another reason than ${FILE_NAME} lists (line ${entry.index + 1}): ${reason}\n      listed: ${entry.reason}` };
      return { ok: true };
    }
    if (!entry) return { ok: true };
    this.stale.add(key);
    return { problem: `listed in ${FILE_NAME} (line ${entry.index + 1}) but ${result.ok ? 'passes' : 'runs'} now: delete that line (or run with --update-skips)` };
  }

  /** Listed cases of a suite that the suite no longer has, as `{id, problem}`. */
  missing(suite, ids) {
    const have = new Set(ids);
    const gone = [];
    for (const [key, { index }] of this.entries) {
      const [s, id] = key.split('\t');
      if (s !== suite || have.has(id)) continue;
      this.stale.add(key);
      gone.push({ id, problem: `listed in ${FILE_NAME} (line ${index + 1}) but the suite has no such case: delete that line` });
    }
    return gone;
  }

  /** Rewrites the file without the stale lines; returns how many went. */
  dropStale() {
    const drop = new Set([...this.stale].map((k) => this.entries.get(k).index));
    if (drop.size) writeFileSync(this.path, this.lines.filter((_, i) => !drop.has(i)).join('\n'));
    return drop.size;
  }
}
