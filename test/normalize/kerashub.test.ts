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

describe('ResNetBackbone from its arguments', () => {
  const resnet = (args: Record<string, unknown>) => {
    const file = join(dir, `resnet-${Object.keys(args).join('-')}.json`);
    const config = {
      input_conv_filters: [64], input_conv_kernel_sizes: [7], stackwise_num_filters: [64], stackwise_num_blocks: [1],
      stackwise_num_strides: [1], block_type: 'bottleneck_block', use_pre_activation: false, image_shape: [32, 32, 3], ...args,
    };
    writeFileSync(file, JSON.stringify({ module: 'keras_hub.src.models.resnet.resnet_backbone', class_name: 'ResNetBackbone', config: { name: 'res_net_backbone', ...config }, registered_name: 'keras_hub>ResNetBackbone' }));
    return file;
  };

  it('a bottleneck block: 1x1, 3x3, 1x1 to 4·filters, a 1x1 shortcut, BatchNorm (4 values per channel) after each', async () => {
    const s = summarize(await readModel(resnet({})));
    const bn = (c: number) => 4 * c;
    // stem: 7x7x3x64 conv, its BatchNorm; block: shortcut 64→256, 64→64, 3x3 64→64, 64→256
    expect(s.total_params).toBe(7 * 7 * 3 * 64 + bn(64) + 64 * 256 + bn(256) + 64 * 64 + bn(64) + 9 * 64 * 64 + bn(64) + 64 * 256 + bn(256));
    // 32 padded by 3 → 38, 7x7 stride 2 → 16, padded by 1 → 18, 3x3 max pool stride 2 → 8
    expect(s.layers.find((l) => l.name === 'stack0_block0_out')!.output_shape).toEqual([null, 8, 8, 256]);
    // Keras lists the shortcut convolution after the main branch's first convolution (deeper from the output)
    const names = s.layers.map((l) => l.name);
    expect(names.indexOf('stack0_block0_1_conv')).toBeLessThan(names.indexOf('stack0_block0_0_conv'));
  });

  it('pre-activation: the stem\'s max pool after an ops.pad of the image axes (no BatchNorm), a BatchNorm and ReLU at the end', async () => {
    const s = summarize(await readModel(resnet({ use_pre_activation: true })));
    // 32 padded by 3 → 38, 7x7 stride 2 → 16, ops.pad by 1 → 18, 3x3 max pool stride 2 → 8
    expect(s.layers.find((l) => l.name === 'pad')).toMatchObject({ class_name: 'Pad', output_shape: [null, 18, 18, 64] });
    expect(s.layers.map((l) => l.name).slice(-2)).toEqual(['post_bn', 'post_relu']);
    expect(s.layers.some((l) => l.name === 'conv1_bn')).toBe(false);
  });

  it('a block type resnet_backbone.py does not accept is not rebuilt: without weights, E_UNSUPPORTED', async () => {
    await expect(readModel(resnet({ block_type: 'inverted_block' }))).rejects.toMatchObject({ code: 'E_UNSUPPORTED' });
  });
});

describe('AlbertBackbone from its arguments', () => {
  const albert = (args: Record<string, unknown>) => {
    const file = join(dir, `albert-${Object.entries(args).flat().join('-')}.json`);
    const config = { vocabulary_size: 30, num_layers: 4, num_heads: 2, embedding_dim: 4, hidden_dim: 8, intermediate_dim: 12, max_sequence_length: 10, ...args };
    writeFileSync(file, JSON.stringify({ module: 'keras_hub.src.models.albert.albert_backbone', class_name: 'AlbertBackbone', config: { name: 'albert_backbone', ...config }, registered_name: 'keras_hub>AlbertBackbone' }));
    return file;
  };

  it('num_groups groups of encoders, each called num_layers / num_groups times: its params counted once', async () => {
    const s = summarize(await readModel(albert({ num_groups: 2 })));
    const [e, d] = [4, 8];
    const encoder = 3 * (d * d + d) + (d * d + d) + 2 * 2 * d + d * 12 + 12 + 12 * d + d;
    expect(s.layers.filter((l) => l.class_name === 'TransformerEncoder').map((l) => l.name)).toEqual(['group_0_inner_layer_0', 'group_1_inner_layer_0']);
    // tables of 4 (tokens, positions, 2 segments), LayerNorm 2·4, the 4→8 projection, 2 encoders, the pooled 8→8 Dense
    expect(s.total_params).toBe(30 * e + 10 * e + 2 * e + 2 * e + (e * d + d) + 2 * encoder + d * d + d);
  });

  it('num_layers not divisible by num_groups → E_BAD_CONFIG, as Keras refuses it', async () => {
    await expect(readModel(albert({ num_layers: 3, num_groups: 2 }))).rejects.toMatchObject({ code: 'E_BAD_CONFIG' });
  });
});
