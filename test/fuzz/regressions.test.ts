// Every input the fuzzer once broke kerascope with (test/regressions/<case>/input/ + case.json;
// large inputs stored as <name>.gz) must now pass the same invariants.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM module shared with the long-run fuzzer
import { FuzzPool, ROOT } from './pool.mjs';

const dir = join(ROOT, 'test/regressions');
const cases = existsSync(dir) ? readdirSync(dir).filter((d) => existsSync(join(dir, d, 'case.json'))) : [];
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
    const meta = JSON.parse(readFileSync(join(dir, name, 'case.json'), 'utf8'));
    const v = await pool.run(filesOf(join(dir, name), meta.open), { hdf5: meta.hdf5 });
    expect(v.ok ? 'ok' : `${v.kind}: ${v.detail}`).toBe('ok');
    if (meta.expect) expect(v.code ?? 'ok').toBe(meta.expect);
  }, 60_000);
});
