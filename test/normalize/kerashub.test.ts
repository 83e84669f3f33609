// KerasHub models rebuilt from their constructor arguments (normalize/kerashub/): the layers Keras'
// BertBackbone.__init__ builds, worked out from its source, and hostile arguments refused quickly.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModel, summarize } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kerascope-hub-'));
const bert = (args: Record<string, unknown>) => {
  const file = join(dir, `bert-${Object.values(args).join('-')}.json`);
  const config = { vocabulary_size: 30, num_layers: 3, num_heads: 2, hidden_dim: 8, intermediate_dim: 12, max_sequence_length: 10, ...args };
  writeFileSync(file, JSON.stringify({ module: 'keras_hub.src.models.bert.bert_backbone', class_name: 'BertBackbone', config: { name: 'bert_backbone', ...config }, registered_name: 'keras_hub>BertBackbone' }));
  return file;
};

describe('BertBackbone from its arguments', () => {
  it('token, position and segment tables, num_layers encoders, the pooled Dense on the first token', async () => {
    const s = summarize(await readModel(bert({})));
    const d = 8;
    const encoder = 3 * (d * d + d) + (d * d + d) + 2 * 2 * d + d * 12 + 12 + 12 * d + d;
    expect(s.layers.map((l) => l.name)).toEqual([
      'token_ids', 'token_embedding', 'segment_ids', 'position_embedding', 'segment_embedding', 'embeddings_add',
      'embeddings_layer_norm', 'embeddings_dropout', 'padding_mask', 'transformer_layer_0', 'transformer_layer_1', 'transformer_layer_2',
      'get_item', 'pooled_dense',
    ]);
    expect(s.layers.find((l) => l.name === 'get_item')!.output_shape).toEqual([null, d]);
    // 30·8 tokens + 10·8 positions + 2·8 segments (num_segments defaults to 2) + LayerNorm 2·8 + encoders + Dense 8·8 + 8
    expect(s.total_params).toBe(30 * d + 10 * d + 2 * d + 2 * d + 3 * encoder + d * d + d);
  });

  it.each([
    [{ num_layers: 1e9 }, 'E_LIMIT'],
    [{ hidden_dim: 'wide' }, 'E_BAD_CONFIG'],
    [{ num_heads: 16 }, undefined], // key_dim 0: the encoders' weights are unknown, not a crash
  ])('%j → %s', async (args, code) => {
    if (code) {
      await expect(readModel(bert(args))).rejects.toMatchObject({ code });
      return;
    }
    const s = summarize(await readModel(bert(args)));
    expect(s.layers.find((l) => l.name === 'transformer_layer_0')!.problem).toMatch(/num_heads/);
  });
});
