// Bad input never crashes: one line naming the file and the problem, a stable code, exit 2.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const CLI = join(__dirname, '../../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'kerascope-bad-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

function run(args: string[]) {
  try {
    const stdout = execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { status: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('summary on bad input', () => {
  test.each([
    ['not JSON', file('garbage.json', '{"class_name": "Sequential", '), 'E_BAD_JSON'],
    ['JSON of the wrong shape', file('wrong.json', '{"hello": 1}'), 'E_NOT_A_MODEL'],
    ['a JSON array', file('array.json', '[1, 2]'), 'E_NOT_A_MODEL'],
    ['an empty file', file('empty.json', ''), 'E_EMPTY'],
    ['a missing file', join(dir, 'nope.json'), 'E_FILE_NOT_FOUND'],
    ['a directory', dir, 'E_NOT_A_FILE'],
    ['a non-model class', file('layer.json', '{"class_name": "Dense", "config": {"units": 3}}'), 'E_BAD_CONFIG'],
    ['a dangling inbound layer', file('dangling.json', JSON.stringify({
      class_name: 'Functional',
      config: { name: 'm', layers: [{ class_name: 'Dense', name: 'd', config: { name: 'd', units: 2 }, inbound_nodes: [[['ghost', 0, 0, {}]]] }], input_layers: [], output_layers: [['d', 0, 0]] },
    })), 'E_BAD_CONFIG'],
  ])('%s', (_what, path, code) => {
    const r = run(['summary', path]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path);
    expect(lines[0]).toContain(`[${code}]`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('a TensorFlow.js weight shard is named as one, with what to open instead', () => {
    // raw float32 bytes that happen to start with an ASCII digit, as real shards do
    const p = join(dir, 'group1-shard1of1.bin');
    writeFileSync(p, Buffer.from(Float32Array.from([1.5e-7, 2, 3]).buffer));
    const r = run(['summary', p]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('a TensorFlow.js weight shard (raw tensor bytes): open the model.json beside it [E_NOT_A_MODEL]');
  });

  test('random bytes are not called JSON, whatever their first byte', () => {
    const p = join(dir, 'random.h5');
    // "5" then bytes that are no UTF-8 text: once reported as "JSON that is not an object"
    writeFileSync(p, Buffer.from([0x35, 0x8a, 0xd9, 0x24, 0x97, 0xe6, 0xab, 0xce, 0xfc, 0x60, 0x12, 0x07]));
    const r = run(['summary', p]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('not a Keras model file (no HDF5, zip or JSON signature) [E_NOT_A_MODEL]');
  });

  test('--debug adds the stack trace', () => {
    const r = run(['summary', join(dir, 'nope.json'), '--debug']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  test('a cyclic graph is refused', () => {
    const layer = (name: string, from: string) => ({ class_name: 'Dense', name, config: { name, units: 2 }, inbound_nodes: [[[from, 0, 0, {}]]] });
    const p = file('cycle.json', JSON.stringify({
      class_name: 'Functional',
      config: { name: 'm', layers: [layer('a', 'b'), layer('b', 'a')], input_layers: [], output_layers: [['b', 0, 0]] },
    }));
    const r = run(['summary', p]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cycle');
  });
});

describe('summary of the bundled cifar10_cnn', () => {
  test('JSON carries the seed values', () => {
    const r = run(['summary', join(__dirname, '../../fixtures/cifar10_cnn.json'), '--format', 'json']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    // Keras' own numbers for examples/cifar10_cnn.py (shared docs/layer-math.md §15).
    expect(s.total_params).toBe(1250858);
    expect(s.layers.filter((l: { class_name: string }) => l.class_name === 'Conv2D').map((l: { params: number }) => l.params)).toEqual([896, 9248, 18496, 36928]);
    expect(s.layers.filter((l: { class_name: string }) => l.class_name === 'Dense').map((l: { params: number }) => l.params)).toEqual([1180160, 5130]);
    expect(s.layers.find((l: { name: string }) => l.name === 'flatten').output_shape).toEqual([null, 2304]);
  });

  test('an unknown layer class is reported by name, and the rest still summarized', () => {
    const p = file('unknown.json', JSON.stringify({
      class_name: 'Sequential',
      config: { name: 's', layers: [
        { class_name: 'Dense', config: { name: 'd1', units: 4, batch_input_shape: [null, 3] } },
        { class_name: 'MyCustomLayer', config: { name: 'custom' } },
        { class_name: 'Dense', config: { name: 'd2', units: 2 } },
      ] },
    }));
    const r = run(['summary', p, '--format', 'json']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.layers[0].params).toBe(16);
    expect(s.layers[1]).toMatchObject({ name: 'custom', class_name: 'MyCustomLayer', unknown_class: true, output_shape: null });
    expect(s.incomplete).toContain('custom');
  });
});

describe('the one line an error becomes (errorLine: the CLI and the web app)', async () => {
  const { errorLine } = await import('../../src/cli/run.js');
  const { ErrorCode, KerascopeError } = await import('../../src/errors.js');
  test('ours: file, message and code', () => {
    expect(errorLine(new KerascopeError(ErrorCode.Truncated, 'ends early\n  at byte 9', 'm.h5'))).toBe('kerascope: m.h5: ends early at byte 9 [E_TRUNCATED]');
  });
  test('a message quoting a file\'s bytes stays one inert line: \\r and \\u2028 fold, control characters show escaped', () => {
    // the fuzz find: JSON.parse quoted `"version":n\uFFFDD\r "2.15.` from the file into its message
    expect(errorLine(new KerascopeError(ErrorCode.BadJson, 'not valid JSON: ..."version":nD\r "2.15."... at \u2028 x\u001b[31m', 'model.json'))).toBe(
      'kerascope: model.json: not valid JSON: ..."version":nD "2.15."... at x\\x1b[31m [E_BAD_JSON]',
    );
    expect(errorLine(new KerascopeError(ErrorCode.BadJson, 'a\tb\u0000c', 'dir\nname/m.json'))).toBe('kerascope: dir name/m.json: a\\x09b\\x00c [E_BAD_JSON]');
  });
  test('anything else: an internal error, its first line, without credentials', () => {
    expect(errorLine(new TypeError('x is undefined\n    at f (a.js:1)'))).toBe('kerascope: internal error: x is undefined [E_INTERNAL]');
    expect(errorLine('fetch https://me:pw@host/m.h5 failed')).toBe('kerascope: internal error: fetch https://***@host/m.h5 failed [E_INTERNAL]');
  });
});
