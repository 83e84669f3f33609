// The conformance skip list: a skip passes only when listed with a reason it contains; a listed
// case that runs or no longer exists is reported; --update-skips only ever deletes lines.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM module of the conformance runner
import { ExpectedSkips } from './expected-skips.mjs';

const dirs: string[] = [];
function listFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kerascope-skips-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'skips.tsv'), text);
  return join(dir, 'skips.tsv');
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const FILE = '# why\nconvert\ta --to tfjs\thas no Foo layer\nconvert\tb --to tfjs\thas no Bar layer\nh5\tc\tcustom classes\n';

describe('expected skips', () => {
  test('a listed skip whose reason contains the listed one is accepted', () => {
    const s = new ExpectedSkips(listFile(FILE));
    expect(s.judge('convert', 'a --to tfjs', { skipped: true, reason: 'refused: layer "f" (Foo): TensorFlow.js layers has no Foo layer' })).toEqual({ ok: true });
    expect(s.listed('convert')).toBe(2);
  });

  test('an unlisted skip fails, and says the line to add', () => {
    const s = new ExpectedSkips(listFile(FILE));
    const v = s.judge('convert', 'z --to keras', { skipped: true, reason: 'refused: something' });
    expect(v.problem).toMatch(/not listed/);
    expect(v.problem).toContain('convert\tz --to keras\trefused: something');
    // the same case id in another suite is another case
    expect(s.judge('h5', 'a --to tfjs', { skipped: true, reason: 'has no Foo layer' }).problem).toMatch(/not listed/);
  });

  test('a listed case skipped for another reason fails', () => {
    const s = new ExpectedSkips(listFile(FILE));
    expect(s.judge('convert', 'a --to tfjs', { skipped: true, reason: 'the input is not readable' }).problem).toMatch(/another reason.*line 2/s);
  });

  test('a listed case that passes or fails now is reported, and --update-skips deletes only its line', () => {
    const path = listFile(FILE);
    const s = new ExpectedSkips(path);
    expect(s.judge('convert', 'a --to tfjs', { ok: true, problems: [] }).problem).toMatch(/line 2\) but passes now: delete that line/);
    expect(s.judge('h5', 'c', { ok: false, problems: ['x'] }).problem).toMatch(/runs now/);
    expect(s.judge('h5', 'other', { ok: true, problems: [] })).toEqual({ ok: true });
    expect(s.dropStale()).toBe(2);
    expect(readFileSync(path, 'utf8')).toBe('# why\nconvert\tb --to tfjs\thas no Bar layer\n');
  });

  test('a listed case the suite no longer has is reported', () => {
    const path = listFile(FILE);
    const s = new ExpectedSkips(path);
    expect(s.missing('convert', ['a --to tfjs'])).toEqual([{ id: 'b --to tfjs', problem: expect.stringMatching(/line 3\) but the suite has no such case/) }]);
    expect(s.missing('h5', ['c'])).toEqual([]);
    s.dropStale();
    expect(readFileSync(path, 'utf8')).not.toContain('b --to tfjs');
  });

  test('a malformed or doubled line is refused', () => {
    expect(() => new ExpectedSkips(listFile('convert\tonly two\n'))).toThrow(/skips.tsv:1|line|want/);
    expect(() => new ExpectedSkips(listFile('h5\tc\tx\nh5\tc\ty\n'))).toThrow(/listed twice/);
  });
});
