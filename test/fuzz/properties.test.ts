// Property tests (fast-check): any JSON reaching the config path ends in a result or a coded
// KerascopeError, and what is computed from generated models matches hand formulas.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ErrorCode, KerascopeError } from '../../src/errors.js';
import { loadModel, summarize, summaryText } from '../../src/index.js';
import { openFromContext } from '../../src/readers/index.js';
import { bufferSource } from '../../src/readers/source.js';
import { DEFAULT_LIMITS, MAX_JSON_DEPTH } from '../../src/readers/limits.js';
import { ALL_LAYER_SPECS } from '../../src/layers/index.js';

// every input problem has a code; E_INTERNAL is what a bug of ours is reported as, never a good ending
const CODES = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.Internal));
const NAMES = [...ALL_LAYER_SPECS.flatMap((s) => s.names), 'Sequential', 'Functional', 'Model', 'NoSuchLayer'];

/** Opens `text` as a model file and runs everything the summary command runs. */
async function openText(text: string): Promise<{ total: number; layers: { params: number | null }[] }> {
  const source = bufferSource('m.json', new TextEncoder().encode(text));
  const ctx = { source, readSibling: async () => null, openSibling: async () => null, siblingPath: (r: string) => r };
  const raw = await openFromContext(ctx, { limits: DEFAULT_LIMITS });
  const model = loadModel(raw);
  summaryText(model, { style: 'auto', expandNested: true });
  const s = summarize(model);
  return { total: s.total_params, layers: s.layers };
}

/** The property: success, or a KerascopeError with a known code and a one-line message. */
async function onlyCodedErrors(text: string): Promise<void> {
  try {
    await openText(text);
  } catch (e) {
    if (!(e instanceof KerascopeError)) throw new Error(`not a KerascopeError: ${String(e)}`, { cause: e });
    expect(CODES.has(e.code), e.code).toBe(true);
    expect(e.oneLine()).not.toContain('\n');
  }
}

// Values a hostile config puts where numbers, shapes and names belong.
const hostile = fc.oneof(
  fc.integer({ min: -3, max: 64 }),
  fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53, 1e308, -1e308, 0.5, null, true, '', 'same', 'channels_first', '__proto__'),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 16 }), fc.constant(null)), { maxLength: 5 }),
  fc.string({ maxLength: 8 }),
);
const layerConfig = fc.dictionary(
  fc.constantFrom('name', 'units', 'filters', 'kernel_size', 'strides', 'padding', 'pool_size', 'rate', 'axis', 'target_shape',
    'batch_input_shape', 'input_shape', 'activation', 'use_bias', 'data_format', 'dims', 'n', 'return_sequences', 'layer', 'trainable', 'dtype'),
  hostile,
  { maxKeys: 8 },
);

describe('config JSON properties', () => {
  test('any JSON text: a result or a coded error', async () => {
    await fc.assert(fc.asyncProperty(fc.json({ depthSize: 'medium' }), (text) => onlyCodedErrors(text)), { numRuns: 300 });
  });

  test('Sequential and Functional models of hostile layers: a result or a coded error', async () => {
    const layer = fc.record({ class_name: fc.constantFrom(...NAMES), config: layerConfig });
    const sequential = fc.record({ class_name: fc.constant('Sequential'), config: fc.record({ name: fc.constant('s'), layers: fc.array(layer, { maxLength: 8 }) }) });
    const functional = fc.array(layer, { minLength: 1, maxLength: 8 }).chain((layers) => {
      const named = layers.map((l, i) => ({ ...l, name: `l${i}`, config: { ...l.config, name: `l${i}` } }));
      const ref = fc.tuple(fc.integer({ min: -1, max: named.length }), fc.integer({ min: -1, max: 2 }), fc.integer({ min: -1, max: 2 }))
        .map(([i, n, t]) => [i >= 0 && i < named.length ? `l${i}` : 'ghost', n, t, {}]);
      return fc.tuple(fc.array(fc.array(fc.array(ref, { maxLength: 3 }), { maxLength: 2 }), { minLength: named.length, maxLength: named.length }), ref, ref)
        .map(([inbound, input, output]) => ({
          class_name: 'Functional',
          config: { name: 'f', layers: named.map((l, i) => ({ ...l, inbound_nodes: inbound[i] })), input_layers: [input.slice(0, 3)], output_layers: [output.slice(0, 3)] },
        }));
    });
    const versioned = fc.tuple(sequential, fc.constantFrom('1.2.2', '2.15.0', '3.6.0')).map(([m, v]) => ({ ...m, keras_version: v }));
    const model = fc.oneof(sequential, functional, versioned);
    await fc.assert(fc.asyncProperty(model, (m) => onlyCodedErrors(JSON.stringify(m))), { numRuns: 400 });
  });

  test('a chain of Dense layers has Σ (in + 1) · units parameters', async () => {
    const chain = fc.tuple(fc.integer({ min: 1, max: 64 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 12 }), fc.boolean());
    await fc.assert(fc.asyncProperty(chain, async ([input, units, bias]) => {
      const layers = units.map((u, i) => ({ class_name: 'Dense', config: { name: `d${i}`, units: u, use_bias: bias, ...(i === 0 ? { batch_input_shape: [null, input] } : {}) } }));
      const r = await openText(JSON.stringify({ class_name: 'Sequential', config: { name: 's', layers } }));
      const expected = units.reduce((sum, u, i) => sum + ((i === 0 ? input : units[i - 1]) + (bias ? 1 : 0)) * u, 0);
      expect(r.total).toBe(expected);
      expect(r.layers.map((l) => l.params)).toEqual(units.map((u, i) => ((i === 0 ? input : units[i - 1]) + (bias ? 1 : 0)) * u));
    }), { numRuns: 100 });
  });

  test(`bracket nesting over ${MAX_JSON_DEPTH} is refused before parsing; brackets inside strings do not count`, async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 3 * MAX_JSON_DEPTH }), fc.nat({ max: 5000 }), async (depth, inString) => {
      const deep = '['.repeat(depth) + ']'.repeat(depth);
      const text = `{"class_name":"Sequential","note":"${'['.repeat(inString)}","config":{"name":"s","layers":[],"x":${deep}}}`;
      // the outer object and config add two levels to the value's own
      const total = depth + 2;
      const outcome = await openText(text).then(() => 'ok', (e: KerascopeError) => e.code);
      expect(outcome).toBe(total > MAX_JSON_DEPTH ? ErrorCode.LimitExceeded : 'ok');
    }), { numRuns: 60 });
  });
});
