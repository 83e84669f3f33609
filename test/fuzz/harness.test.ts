// The harness must see each kind of failure it exists to catch; a fuzzer that cannot fail is useless.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM module shared with the long-run fuzzer
import { FuzzPool } from './pool.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'kerascope-harness-'));
const pool = new FuzzPool(scratch, { workers: 1, deadlineMs: 3000, heapMb: 64, rssGrowthBytes: 64 * 1024 * 1024, target: join(__dirname, 'misbehave.mjs') });
const input = (text: string) => [{ name: 'm.json', bytes: new TextEncoder().encode(text) }];

beforeAll(() => pool.start());
afterAll(async () => {
  await pool.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('fuzz harness verdicts', () => {
  test.each([
    ['hang', 'hang'],
    ['alloc', 'alloc'],
    ['heap', 'oom'],
    ['bigarray', 'oom'],
    ['write', 'write'],
    ['outside', 'read-outside'],
    ['crash', 'crash'],
    ['reject', 'crash'],
    ['wasm', 'rss'],
  ])('%s is reported as %s', async (what, kind) => {
    const v = await pool.run(input(what));
    expect(v.ok).toBe(false);
    expect(v.kind).toBe(kind);
  }, 20_000);

  test('a well-behaved input passes, and the pool still works after the failures', async () => {
    const v = await pool.run(input('fine'));
    expect(v).toMatchObject({ ok: true, outcome: 'ok' });
  });
});
