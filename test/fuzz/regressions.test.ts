// Every input the fuzzer once broke kerascope with (test/regressions/<case>/input/ + case.json)
// must now pass the same invariants.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM module shared with the long-run fuzzer
import { FuzzPool, ROOT } from './pool.mjs';

const dir = join(ROOT, 'test/regressions');
const cases = existsSync(dir) ? readdirSync(dir).filter((d) => existsSync(join(dir, d, 'case.json'))) : [];
const scratch = mkdtempSync(join(tmpdir(), 'kerascope-regress-'));
const pool = new FuzzPool(scratch, { workers: 2 });

function filesOf(caseDir: string, open: string) {
  const names = (readdirSync(join(caseDir, 'input'), { recursive: true }) as string[])
    .filter((n) => !existsSync(join(caseDir, 'input', n)) || !readdirSync(join(caseDir, 'input'), { withFileTypes: true }).some((e) => e.name === n && e.isDirectory()));
  names.sort((a, b) => Number(b === open) - Number(a === open));
  return names.map((name) => ({ name, bytes: readFileSync(join(caseDir, 'input', name)) }));
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
    const v = await pool.run(filesOf(join(dir, name), meta.open));
    expect(v.ok ? 'ok' : `${v.kind}: ${v.detail}`).toBe('ok');
    if (meta.expectCode) expect(v.code).toBe(meta.expectCode);
  }, 60_000);
});
