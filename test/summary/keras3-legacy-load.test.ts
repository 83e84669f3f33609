// `--style 3` on a legacy whole-model .h5 prints what Keras 3 prints after load_model(): the
// `Optimizer params` line of a model its legacy loader compiled, none when it refuses to compile.
// Ground truth: scripts/fixtures/keras3_legacy_h5_load.py, real Keras 3.15.1 loading each file.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readModel, summaryText } from '../../src/index.js';

const dir = new URL('../../fixtures/h5/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('keras3-load.expected.json', dir), 'utf8')) as {
  backend: string;
  files: Record<string, { compiled: boolean; optimizer_line: string | null }>;
};

describe('Optimizer params after Keras 3 loads a legacy .h5', () => {
  test.each(Object.entries(expected.files))('%s', async (name, want) => {
    const model = await readModel(new URL(name, dir).pathname);
    model.backend = expected.backend;
    const line = summaryText(model, { style: '3' }).split('\n').find((l) => l.includes('Optimizer params'));
    expect(line?.trim() ?? null).toBe(want.optimizer_line);
  });
});
