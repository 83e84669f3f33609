// The CLI's self-description: --version names our package.json version, --help shows an example for
// every command, and `kerascope completion` drives shell completion.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
// An unrelated working directory: nothing may depend on being run from the repository.
const elsewhere = mkdtempSync(join(tmpdir(), 'kerascope-help-'));

const kerascope = (...args: string[]) =>
  execFileSync(process.execPath, [CLI, ...args], { cwd: elsewhere, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

/** Command names from the "Commands:" block of the top-level help. */
function listedCommands(help: string): string[] {
  const block = help.split(/^Commands:$/m)[1]?.split(/^\S/m)[0] ?? '';
  return [...block.matchAll(/^\s+kerascope (\S+)/gm)].map((m) => m[1]);
}

describe('kerascope --version', () => {
  test('prints the version in package.json', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(kerascope('--version').trim()).toBe(version);
  });
});

describe('kerascope --help', () => {
  const commands = listedCommands(kerascope('--help'));

  test('lists the commands, summary and completion among them', () => {
    expect(commands).toContain('summary');
    expect(commands).toContain('completion');
  });

  // completion is yargs' own command; every command of ours shows how it is used.
  test.each(commands.filter((c) => c !== 'completion'))('%s --help shows an example of that command', (command) => {
    const help = kerascope(command, '--help');
    const examples = help.split(/^Examples:$/m)[1] ?? '';
    expect(examples).toMatch(new RegExp(`^\\s+kerascope ${command}\\b`, 'm'));
  });
});

describe('kerascope completion', () => {
  test('prints a bash completion script for kerascope', () => {
    const script = kerascope('completion');
    expect(script).toMatch(/^complete .*-F _kerascope_yargs_completions kerascope$/m);
    expect(script).toContain('kerascope --get-yargs-completions');
  });

  test('completes command names and option choices', () => {
    expect(kerascope('--get-yargs-completions', 'kerascope', 'su').split('\n')).toContain('summary');
    expect(kerascope('--get-yargs-completions', 'kerascope', 'summary', '--style', '').split('\n')).toEqual(
      expect.arrayContaining(['auto', '2.2', '2.7', '2.13', '3']),
    );
  });
});

describe('kerascope <model>', () => {
  test('a bare model file is summarized, as `kerascope summary <model>` does (npx kerascope model.h5)', () => {
    const model = join(ROOT, 'fixtures/cifar10_cnn.json');
    const bare = kerascope(model);
    expect(bare).toBe(kerascope('summary', model));
    expect(bare).toContain('Total params: 1250858 (4.77 MB)');
  });
});
