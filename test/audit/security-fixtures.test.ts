// Every config written by scripts/fixtures/audit_configs.py yields exactly the finding codes the
// script recorded, with the Python version and names Python itself computed.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { auditFile } from '../../src/index.js';

const dir = new URL('../../fixtures/audit/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as {
  python: string;
  cases: Record<string, { codes: string[]; python?: string; names?: string[]; dangerous?: string[] }>;
};

describe.each(Object.entries(expected.cases))('%s', (name, want) => {
  test('finding codes', async () => {
    const { result } = await auditFile(new URL(`${name}.json`, dir).pathname);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => f.code).sort()).toEqual(want.codes);
  });
  if (want.names) {
    test('python version and referenced names', async () => {
      const { result } = await auditFile(new URL(`${name}.json`, dir).pathname);
      const f = result.findings.find((x) => x.code === 'lambda-code' || x.code === 'lambda-code-dangerous');
      if (!f || (f.code !== 'lambda-code' && f.code !== 'lambda-code-dangerous')) throw new Error('no lambda finding');
      expect([...f.names].sort()).toEqual([...new Set(want.names)].sort());
      // 3.11 and 3.12 share a layout and RESUME's opcode; the reader reports the pair.
      expect(f.python).toBe(want.python === '3.11' || want.python === '3.12' ? '3.11-3.12' : want.python);
      if (want.dangerous) expect(f.code === 'lambda-code-dangerous' && [...f.dangerous].sort()).toEqual([...want.dangerous].sort());
      expect(f.filename).toBe('/home/alice/train.py');
    });
  }
});
