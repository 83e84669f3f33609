import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

// `npm test` builds first; these run the built CLI as a user would.
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

describe('kerascope layers', () => {
  test('--format json lists every class with family, versions and status', () => {
    const out = JSON.parse(execFileSync('node', [cli, 'layers', '--format', 'json'], { encoding: 'utf8' }));
    expect(out.layers.find((l: { class_name: string }) => l.class_name === 'Bidirectional')).toEqual({
      class_name: 'Bidirectional', family: 'wrapper', versions: [1, 2, 3], status: 'implemented', keras3: true,
    });
  });

  test('text is the default: a table then the counts', () => {
    const out = execFileSync('node', [cli, 'layers'], { encoding: 'utf8' });
    expect(out.split('\n')[0]).toMatch(/^Class\s+Family\s+Keras\s+Status\s+Note$/);
    expect(out).toMatch(/\d+ classes: \d+ implemented, \d+ aliases, \d+ opaque, \d+ missing/);
  });

  test('an unknown format is a usage error (exit 2)', () => {
    const r = spawnSync('node', [cli, 'layers', '--format', 'xml'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    // one coded line first (yargs words this message over three lines), then the help
    expect(r.stderr.split('\n')[0]).toMatch(/^kerascope: Invalid values: Argument: format, Given: "xml", Choices: .* \[E_USAGE\]$/);
  });
});
