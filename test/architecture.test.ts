// The pipeline's one-way data flow (README, CONTRIBUTING): a module never imports from a stage
// downstream of its own. Read off the import statements of src/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, test } from 'vitest';

const SRC = resolve(__dirname, '../src');

/** Stage of each top-level entry of src/: lower runs earlier. report and convert are siblings. */
const STAGE: Record<string, number> = {
  'types': 0, 'errors.ts': 0, 'version.ts': 0,
  'readers': 1,
  'normalize': 2,
  'layers': 3,
  'graph': 4,
  'audit': 5,
  'report': 6, 'convert': 6,
  'audit-file.ts': 7, 'scan': 7, 'index.ts': 7,
  'cli': 8,
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const top = (path: string) => relative(SRC, path).split('/')[0].replace(/\.js$/, '.ts');

test('every src/ entry has a stage', () => {
  expect(readdirSync(SRC).map((e) => e.replace(/\.js$/, '.ts')).filter((e) => !(e in STAGE))).toEqual([]);
});

test('no module imports from a later stage', () => {
  const wrong: string[] = [];
  for (const file of files(SRC)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const target = resolve(dirname(file), m[1]);
      if (STAGE[top(target)] > STAGE[top(file)]) wrong.push(`${relative(SRC, file)} imports ${relative(SRC, target)}`);
    }
  }
  expect(wrong).toEqual([]);
});
