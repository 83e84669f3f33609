// The README's library example must type-check against the package's published declarations and run.
// It is compiled as a user would: in a folder of its own that imports 'kerascope' through node_modules.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { expect, test } from 'vitest';

const ROOT = join(__dirname, '..');

/** The ```ts blocks of the README's "## Library" section. */
function libraryExamples(readme: string): string[] {
  const section = readme.split(/^## Library$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

test('the README has a library example importing kerascope', () => {
  const [example] = libraryExamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  expect(example).toMatch(/from 'kerascope'/);
});

test.each(libraryExamples(readFileSync(join(ROOT, 'README.md'), 'utf8')).map((code, i) => [i + 1, code]))(
  'README library example %i type-checks against dist/*.d.ts and runs',
  (_n, code) => {
    const dir = mkdtempSync(join(tmpdir(), 'kerascope-readme-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules/kerascope'), 'dir');
    symlinkSync(join(ROOT, 'node_modules/@types'), join(dir, 'node_modules/@types'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(dir, 'example.ts'), code);

    const program = ts.createProgram([join(dir, 'example.ts')], {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      typeRoots: [join(dir, 'node_modules/@types')],
      // our declarations are checked too: a .d.ts that only compiles inside the repo fails here
      skipLibCheck: false,
      outDir: dir,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
    // the declarations must come from the built package, as an installed copy would resolve them
    expect(program.getSourceFiles().map((f) => f.fileName)).toContain(join(ROOT, 'dist/index.d.ts'));
    program.emit();

    copyFileSync(join(ROOT, 'fixtures/cifar10_cnn.json'), join(dir, 'model.json'));
    const out = execFileSync(process.execPath, [join(dir, 'example.js')], { cwd: dir, encoding: 'utf8' });
    // each example prints what it is about for the bundled cifar10_cnn config (no weights, no findings)
    if (code.includes('summarize(')) {
      expect(out).toContain('sequential: 1250858 params (1250858 trainable)');
      expect(out).toContain('dense (Dense) -> [null,512], 1180160 params');
    } else {
      expect(out).toBe('model.json: clean, 0 findings\n');
    }
  },
  // a full type-check of the declarations (@types/node included) takes seconds, more on a busy machine
  120_000,
);
