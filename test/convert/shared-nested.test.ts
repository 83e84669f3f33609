// A layer object listed in a nested model and again at the top (a KerasHub CausalLM's token
// embedding, shared_object_id): Keras 3 saves its variables once, under the nested model, and counts
// them once (fixtures/kerashub/gpt2-causal-lm, printed by Keras 3.15.1 + keras_hub 0.32). The
// weight plan places them there once: every stored dataset exactly once, the plan's total Keras'.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { loadModel, planWeights, readRaw } from '../../src/index.js';

const dir = new URL('../../fixtures/kerashub/gpt2-causal-lm/', import.meta.url).pathname;

test('a CausalLM\'s shared token embedding is planned once, under the backbone where Keras saved it', async () => {
  const expected: { total_params: number } = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8'));
  const raw = await readRaw(`${dir}model.keras`);
  try {
    const plan = planWeights(loadModel(raw));
    expect(plan.params).toBe(expected.total_params);
    const sources = plan.layers.flatMap((l) => l.weights.flatMap((w) => w.source.paths));
    const stored = raw.weights!.layers.flatMap((l) => l.tensors.map((t) => t.path));
    expect([...sources].sort()).toEqual([...stored].sort());
    const embedding = plan.layers.filter((l) => l.layer.name === 'token_embedding');
    expect(embedding).toHaveLength(1);
  } finally {
    await raw.weights?.close();
  }
});
