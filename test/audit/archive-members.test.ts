// Members Keras does not write, in archives made by scripts/fixtures/archive_members.py: the codes,
// pickle globals (as Python itself names them) and executable kinds the script recorded.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { auditFile } from '../../src/index.js';
import { pickleGlobals } from '../../src/audit/python/pickle.js';
import { isDangerousGlobal } from '../../src/audit/security/dangerous.js';

const dir = new URL('../../fixtures/archive-members/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as {
  cases: Record<string, { codes: string[]; globals?: Record<string, string[]>; dangerous?: Record<string, string[]>; kinds?: Record<string, string> }>;
};

describe.each(Object.entries(expected.cases))('%s', (name, want) => {
  test('codes, globals and kinds', async () => {
    const { result } = await auditFile(new URL(name, dir).pathname);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => f.code).sort()).toEqual(want.codes);
    for (const f of result.findings) {
      if (f.code === 'archive-pickle' || f.code === 'archive-pickle-dangerous') {
        if (want.globals?.[f.member]) expect(f.globals).toEqual(want.globals[f.member]);
        if (f.code === 'archive-pickle-dangerous' && want.dangerous?.[f.member]) expect(f.dangerous).toEqual(want.dangerous[f.member]);
      }
      if (f.code === 'archive-executable') expect(f.by).toBe(want.kinds?.[f.member]);
    }
  });
});

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('pickleGlobals on hand-made opcodes', () => {
  test('STACK_GLOBAL reads the two strings under it, through the memo', () => {
    // PROTO 4; 'os' MEMOIZE; 'system' MEMOIZE; STACK_GLOBAL; then the same pair again by BINGET 0, BINGET 1
    const p = bytes([0x80, 4, 0x8c, 2], 'os', [0x94, 0x8c, 6], 'system', [0x94, 0x93, 0x68, 0, 0x68, 1, 0x93, 0x30, 0x2e]);
    expect(pickleGlobals(p)).toMatchObject({ globals: ['os.system'], pickles: 1 });
    expect(pickleGlobals(p).stopped).toBeUndefined();
  });

  test('a string hidden under a MARK that is popped does not shift the pair', () => {
    // 'os' MARK 'junk' POP_MARK 'system' STACK_GLOBAL STOP
    const p = bytes([0x80, 4, 0x8c, 2], 'os', '(', [0x8c, 4], 'junk', '1', [0x8c, 6], 'system', [0x93, 0x2e]);
    expect(pickleGlobals(p).globals).toEqual(['os.system']);
  });

  test('protocol 0 GLOBAL and INST name their globals inline; consecutive pickles are all walked', () => {
    const p = bytes('cposix\nsystem\n(S\'id\'\ntR.', [0x80, 2], '(icollections\nOrderedDict\n.');
    expect(pickleGlobals(p)).toMatchObject({ globals: ['posix.system', 'collections.OrderedDict'], pickles: 2 });
  });

  test('a non-string under STACK_GLOBAL is reported as ?, and treated as hostile', () => {
    const g = pickleGlobals(bytes([0x80, 4, 0x4b, 1, 0x8c, 6], 'system', [0x93, 0x2e])).globals;
    expect(g).toEqual(['?.system']);
    expect(isDangerousGlobal('?.?')).toBe(true);
  });

  test('truncated data and unknown opcodes stop the walk with a reason, never throw', () => {
    expect(pickleGlobals(bytes([0x80, 4, 0x8c, 9], 'os')).stopped).toMatch(/truncated/);
    expect(pickleGlobals(bytes([0x80, 4, 0xff])).stopped).toMatch(/unknown opcode 0xff/);
    expect(pickleGlobals(bytes([0x80, 4, 0x4e])).stopped).toMatch(/no STOP/);
  });

  test.each([
    ['posix.system', true], ['nt.system', true], ['builtins.eval', true], ['__builtin__.getattr', true], ['subprocess.Popen', true],
    ['socket.socket', true], ['torch.load', true], ['builtins.set', false], ['torch._utils._rebuild_tensor_v2', false],
    ['collections.OrderedDict', false], ['numpy.core.multiarray._reconstruct', false],
  ])('%s dangerous: %s', (g, d) => expect(isDangerousGlobal(g)).toBe(d));
});

describe('zip readPrefix', () => {
  test('a deflated member is cut at the bound, and equals the start of the whole member', async () => {
    const { openZip } = await import('../../src/readers/zip.js');
    const { fileSource } = await import('../../src/readers/source.js');
    const { DEFAULT_LIMITS } = await import('../../src/readers/limits.js');
    const source = await fileSource(new URL('../../fixtures/zip/deflated.keras', import.meta.url).pathname);
    try {
      const zip = await openZip(source, DEFAULT_LIMITS);
      const entry = zip.find('config.json')!;
      expect(entry.method).toBe(8);
      const whole = await zip.read(entry, 1 << 30);
      const cut = await zip.readPrefix(entry, 100);
      expect(cut).toEqual({ bytes: whole.subarray(0, 100), complete: false });
      expect(await zip.readPrefix(entry, whole.length)).toEqual({ bytes: whole, complete: true });
    } finally {
      await source.close();
    }
  });
});

describe('scan bounds', () => {
  test('members past MAX_SCANNED_MEMBERS are not read but reported, never silently passed', async () => {
    const { unzipSync, zipSync } = await import('fflate');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { MAX_SCANNED_MEMBERS } = await import('../../src/readers/limits.js');
    const base = unzipSync(new Uint8Array(readFileSync(new URL('../../fixtures/keras3/sequential_renamed.keras', import.meta.url))));
    const extra = Object.fromEntries(Array.from({ length: MAX_SCANNED_MEMBERS + 3 }, (_, i) => [`extra/${String(i).padStart(3, '0')}.txt`, new TextEncoder().encode(`note ${i}\n`)]));
    const dir = mkdtempSync(join(tmpdir(), 'kerascope-members-'));
    try {
      const file = join(dir, 'many.keras');
      writeFileSync(file, zipSync({ ...base, ...extra }, { level: 0 }));
      const { result } = await auditFile(file);
      const skipped = result.findings.filter((f) => f.code === 'archive-member-problem').map((f) => (f.code === 'archive-member-problem' ? f.member : ''));
      expect(skipped).toEqual(['extra/064.txt', 'extra/065.txt', 'extra/066.txt']);
      expect(result.findings.map((f) => f.code).every((c) => c === 'archive-member-problem')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
