// Names a file chooses are looked up in tables with a null prototype (types/lookup.ts): a layer class
// called `__proto__`, `constructor` or `toString` is an unknown class, never Object.prototype's member.
// (Found by the fuzzer: a Keras 3 config whose InputLayer became `__proto__` crashed the summary.)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readModel, summarize, summaryText } from '../../src/index.js';

const dense = (cls: string, extra: Record<string, unknown> = {}) => ({ class_name: cls, config: { name: 'odd', units: 2, ...extra } });
const CONFIGS: [string, unknown][] = [
  ['Keras 3', { module: 'keras', class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'InputLayer', config: { batch_shape: [null, 3], name: 'in' } }, dense('NAME'), { class_name: 'Dense', config: { name: 'd', units: 4 } }] } }],
  ['tf.keras 2', { class_name: 'Sequential', keras_version: '2.15.0', config: { name: 's', layers: [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 3], name: 'in' } }, dense('NAME'), { class_name: 'Dense', config: { name: 'd', units: 4 } }] } }],
  ['Keras 1', { class_name: 'Sequential', keras_version: '1.2.2', config: [dense('NAME', { batch_input_shape: [null, 3], mode: 'NAME' }), { class_name: 'Dense', config: { name: 'd', output_dim: 4 } }] }],
];

describe.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('a layer class named %s', (name) => {
  test.each(CONFIGS)('%s: an unknown class, the rest of the model summarized', async (_dialect, config) => {
    const file = join(mkdtempSync(join(tmpdir(), 'kerascope-proto-')), 'model.json');
    writeFileSync(file, JSON.stringify(config).replaceAll('"NAME"', JSON.stringify(name)));
    const model = await readModel(file);
    const layers = summarize(model).layers;
    expect(layers.find((l) => l.name === 'odd')).toMatchObject({ class_name: name, unknown_class: true, params: null });
    expect(layers.find((l) => l.name === 'd')?.params).toBe(null); // its input comes from the unknown layer
    expect(summaryText(model, { style: 'auto' })).toContain(`odd (${name})`);
  });
});
