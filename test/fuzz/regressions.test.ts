// Every input the fuzzer once broke kerascope with (test/regressions/<case>/input/ + case.json;
// large inputs stored as <name>.gz) must now pass the same invariants.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM module shared with the long-run fuzzer
import { FuzzPool, ROOT } from './pool.mjs';
// @ts-expect-error plain ESM module
import { checkCli } from './cli-check.mjs';

const dir = join(ROOT, 'test/regressions');
const all = existsSync(dir) ? readdirSync(dir).filter((d) => existsSync(join(dir, d, 'case.json'))) : [];
const meta = (name: string) => JSON.parse(readFileSync(join(dir, name, 'case.json'), 'utf8'));
// Cases marked open_issue reproduce a failure not fixed yet (see their note); they are listed, not run.
const cases = all.filter((n) => !meta(n).open_issue);
const open = all.filter((n) => meta(n).open_issue);
const scratch = mkdtempSync(join(tmpdir(), 'kerascope-regress-'));
const pool = new FuzzPool(scratch, { workers: 2 });

/** The case's files, the opened one first. */
function filesOf(caseDir: string, open: string) {
  const input = join(caseDir, 'input');
  const names = (readdirSync(input, { recursive: true }) as string[]).filter((n) => statSync(join(input, n)).isFile());
  const files = names.map((n) => {
    const bytes = readFileSync(join(input, n));
    return n.endsWith('.gz') ? { name: n.slice(0, -3), bytes: gunzipSync(bytes) } : { name: n, bytes };
  });
  return files.sort((a, b) => Number(b.name === open) - Number(a.name === open));
}

beforeAll(() => pool.start());
afterAll(async () => {
  await pool.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('fuzz regressions', () => {
  test('there are regression cases to replay', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  test.each(cases)('%s', async (name) => {
    const m = meta(name);
    const files = filesOf(join(dir, name), m.open);
    const v = await pool.run(files, { hdf5: m.hdf5 });
    expect(v.ok ? 'ok' : `${v.kind}: ${v.detail}`).toBe('ok');
    if (m.expect) expect(v.code ?? 'ok').toBe(m.expect);
    if (m.kind === 'cli') {
      const c = await checkCli(join(scratch, `cli-${name}`), files, { hdf5: m.hdf5 });
      expect(c.ok ? 'ok' : c.detail).toBe('ok');
    }
  }, 120_000);
  test.skip.each(open)('open issue, not replayed: %s', () => {});
});
