import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { loadModel, readRaw, summarize, summarizeWeights } from '../../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const schema = (name: string) => JSON.parse(readFileSync(join(root, 'schemas', name), 'utf8'));
const ajv = new Ajv2020.default({ allErrors: true });

describe('summary JSON with stored weights follows the schemas', () => {
  it('a full-model .h5 validates against summary.schema.json, with stored tensors per layer', async () => {
    const raw = await readRaw(join(root, 'fixtures/cifar10_cnn.h5'));
    const json = summarize(loadModel(raw));
    await raw.weights!.close();
    const validate = ajv.compile(schema('summary.schema.json'));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json).toMatchObject({ keras_version: '2.15.0', backend: 'tensorflow', format: 'keras-h5', stored_params: 1250858, optimizer_params: 0 });
  });

  it('a weights-only listing validates against weights-summary.schema.json', async () => {
    const raw = await readRaw(join(root, 'fixtures/h5/links.h5'));
    const json = summarizeWeights(raw);
    await raw.weights!.close();
    const validate = ajv.compile(schema('weights-summary.schema.json'));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.layers[0].missing).toEqual(['dense/bias:0', 'dense/ext:0']);
    expect(json.unlisted).toEqual([{ name: 'stray', path: 'stray', params: 3 }]);
  });
});

describe('dict and nested model inputs/outputs in the summary JSON', () => {
  it('keep the structure and keys of the config Keras wrote, and validate', async () => {
    const raw = await readRaw(join(root, 'fixtures/keras3-modern/dict_io.keras'));
    const json = summarize(loadModel(raw));
    await raw.weights!.close();
    const config = JSON.parse(readFileSync(join(root, 'fixtures/keras3-modern/dict_io.json'), 'utf8')).config;
    expect([json.inputs, json.outputs]).toEqual([config.input_layers, config.output_layers]);
    const validate = ajv.getSchema(schema('summary.schema.json').$id) ?? ajv.compile(schema('summary.schema.json'));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });

  it('a flat list of inputs adds nothing', async () => {
    const raw = await readRaw(join(root, 'fixtures/keras3/functional_multi.keras'));
    const json = summarize(loadModel(raw));
    await raw.weights!.close();
    expect(json).not.toHaveProperty('inputs');
    expect(json).not.toHaveProperty('outputs');
  });
});
