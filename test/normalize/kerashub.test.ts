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
    // an integer past 2^53 (a 1e300-wide table gave Infinity params): refused, as no size can be
    [{ vocabulary_size: 1e300 }, 'E_BAD_CONFIG'],
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

  // Keras quantizes no layer of a ResNet (its Conv2D has no quantized build) and Backbone.get_config
  // cannot even save such a policy (keras_hub 0.32: "None already exist in the DTypePolicyMap"):
  // not modelled, so summarized from storage; without weights, E_UNSUPPORTED
  // resnet_backbone.py raises ValueError for each (keras_hub 0.32)
  it.each([
    { stackwise_num_strides: [1, 2] },
    { input_conv_filters: [], input_conv_kernel_sizes: [] },
    { input_conv_filters: [32, 64], input_conv_kernel_sizes: [3] },
    { stackwise_num_filters: [32] },
  ])('%j is refused, E_BAD_CONFIG', async (args) => {
    await expect(readModel(resnet(args))).rejects.toMatchObject({ code: 'E_BAD_CONFIG' });
  });

  it('a quantized policy is not rebuilt, a float one is', async () => {
    await expect(readModel(resnet({ dtype: 'int8_from_float32' }))).rejects.toMatchObject({ code: 'E_UNSUPPORTED' });
    expect((await readModel(resnet({ dtype: 'float32' }))).graph.layers.length).toBeGreaterThan(10);
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

describe('ViTBackbone from its arguments', () => {
  const vit = (args: Record<string, unknown>) => {
    const file = join(dir, `vit-${JSON.stringify(args).replace(/\W+/g, '-')}.json`);
    const config = { image_shape: [8, 8, 3], patch_size: 4, num_layers: 1, num_heads: 2, hidden_dim: 8, mlp_dim: 16, ...args };
    writeFileSync(file, JSON.stringify({ module: 'keras_hub.src.models.vit.vit_backbone', class_name: 'ViTBackbone', config: { name: 'vi_t_backbone', ...config }, registered_name: 'keras_hub>ViTBackbone' }));
    return file;
  };

  it('patches that tile the image: (8/4)·(8/2) patches and the class token', async () => {
    const s = summarize(await readModel(vit({ patch_size: [4, 2] })));
    expect(s.layers.find((l) => l.name === 'vit_patching_and_embedding')!.output_shape).toEqual([null, 2 * 4 + 1, 8]);
  });

  // keras_hub 0.32 ViTBackbone: "Input height 8 should be divisible by patch size 16.", and a
  // ZeroDivisionError for patch 0 (a zero patch once made Infinity parameters here)
  it.each([{ patch_size: 16 }, { patch_size: 3 }, { patch_size: 0 }, { patch_size: [-2, 2] }, { image_shape: [null, 8, 3] }])('%j is refused, E_BAD_CONFIG', async (args) => {
    await expect(readModel(vit(args))).rejects.toMatchObject({ code: 'E_BAD_CONFIG' });
  });
});

describe('GemmaBackbone from its arguments', () => {
  const gemma = (args: Record<string, unknown> = {}) => {
    const file = join(dir, `gemma-${Object.keys(args).join('-')}.json`);
    const config = { vocabulary_size: 30, num_layers: 2, num_query_heads: 2, num_key_value_heads: 1, hidden_dim: 8, intermediate_dim: 12, head_dim: 4, ...args };
    writeFileSync(file, JSON.stringify({ module: 'keras_hub.src.models.gemma.gemma_backbone', class_name: 'GemmaBackbone', config: { name: 'gemma_backbone', ...config }, registered_name: 'keras_hub>GemmaBackbone' }));
    return file;
  };

  it('the tied embedding scaled by sqrt(hidden_dim) (an operation, not a merge layer), decoder blocks, a final RMS norm', async () => {
    const model = await readModel(gemma());
    // written as Keras serializes `x * 4.0` in a Functional config
    expect(model.graph.layers.find((l) => l.name === 'multiply')!.origin.module).toBe('keras.src.ops.numpy');
    const s = summarize(model);
    expect(s.layers.map((l) => [l.name, l.class_name, l.output_shape])).toEqual([
      ['token_ids', 'InputLayer', [null, null]],
      ['token_embedding', 'ReversibleEmbedding', [null, null, 8]],
      ['multiply', 'Multiply', [null, null, 8]],
      ['padding_mask', 'InputLayer', [null, null]],
      ['decoder_block_0', 'GemmaDecoderBlock', [null, null, 8]],
      ['decoder_block_1', 'GemmaDecoderBlock', [null, null, 8]],
      ['final_normalization', 'RMSNormalization', [null, null, 8]],
    ]);
    // a block: 2 norms (8 each), query 2·8·4, key and value 1·8·4, output 2·4·8, feedforward 8·6, 8·6, 6·8
    const blockParams = 8 + 64 + 32 + 32 + 64 + 8 + 48 + 48 + 48;
    expect(s.total_params).toBe(30 * 8 + 2 * blockParams + 8);
    expect(s.trainable_params).toBe(s.total_params);
  });

  it('sliding-window attention on the even blocks only, as GemmaBackbone alternates it', async () => {
    const model = await readModel(gemma({ use_sliding_window_attention: true }));
    const block = (name: string) => model.graph.layers.find((l) => l.name === name)!.config.use_sliding_window_attention;
    expect([block('decoder_block_0'), block('decoder_block_1')]).toEqual([true, false]);
  });
});

describe('a GPT2Backbone quantized to int8 (its per-layer DTypePolicyMap)', () => {
  it('int8 kernels, tables and their scales non-trainable; biases, norms and positions trainable', async () => {
    const int8 = { module: 'keras.dtype_policies', class_name: 'QuantizedDTypePolicy', config: { mode: 'int8', source_name: null }, registered_name: null };
    const paths = ['token_embedding', ...['self_attention/query', 'self_attention/key', 'self_attention/value', 'self_attention/attention_output', 'feedforward_intermediate_dense', 'feedforward_output_dense'].map((p) => `transformer_layer_0/${p}`)];
    const dtype = { module: 'keras.dtype_policies', class_name: 'DTypePolicyMap', config: { default_policy: null, policy_map: Object.fromEntries(paths.map((p) => [p, int8])) } };
    const file = join(dir, 'gpt2-int8.json');
    const config = { name: 'gpt2_backbone', dtype, vocabulary_size: 30, num_layers: 1, num_heads: 2, hidden_dim: 8, intermediate_dim: 12, dropout: 0.1, max_sequence_length: 10 };
    writeFileSync(file, JSON.stringify({ module: 'keras_hub.src.models.gpt2.gpt2_backbone', class_name: 'GPT2Backbone', config, registered_name: 'keras_hub>GPT2Backbone' }));
    const s = summarize(await readModel(file));
    // frozen: tokens 30·8 + 30 scales; q, k, v 3·(8·2·4 + 2·4), output 2·4·8 + 8, feedforward 8·12 + 12 and 12·8 + 8
    const frozen = 240 + 30 + 3 * (64 + 8) + (64 + 8) + (96 + 12) + (96 + 8);
    // trainable: positions 10·8; biases 3·2·4 + 8 + 12 + 8; two LayerNorms in the block, one after it (2·8 each)
    const trainable = 80 + 24 + 8 + 12 + 8 + 3 * 16;
    expect([s.trainable_params, s.non_trainable_params]).toEqual([trainable, frozen]);
  });
});

describe('a BertBackbone quantized to int8', () => {
  it('per layer params as BertBackbone.quantize("int8") left them in Keras 3.15.1 + keras_hub 0.32', async () => {
    const int8 = { module: 'keras.dtype_policies', class_name: 'QuantizedDTypePolicy', config: { mode: 'int8', source_name: null }, registered_name: null };
    const block = ['feedforward_output_dense', 'feedforward_intermediate_dense', ...['attention_output', 'value', 'key', 'query'].map((p) => `self_attention_layer/${p}`)];
    const paths = ['token_embedding', 'segment_embedding', ...block.map((p) => `transformer_layer_0/${p}`), 'pooled_dense'];
    const dtype = { module: 'keras.dtype_policies', class_name: 'DTypePolicyMap', config: { default_policy: null, policy_map: Object.fromEntries(paths.map((p) => [p, int8])) } };
    const file = join(dir, 'bert-int8.json');
    const config = { name: 'bert_backbone', dtype, vocabulary_size: 50, num_layers: 1, num_heads: 2, hidden_dim: 8, intermediate_dim: 16, max_sequence_length: 8 };
    writeFileSync(file, JSON.stringify({ module: 'keras_hub.src.models.bert.bert_backbone', class_name: 'BertBackbone', config, registered_name: 'keras_hub>BertBackbone' }));
    const s = summarize(await readModel(file));
    // Keras' count_params() of each layer: the int8 tables (50·8 + 50 scales, 2·8 + 2) and kernels with their scales
    expect(Object.fromEntries(s.layers.filter((l) => l.params).map((l) => [l.name, l.params]))).toEqual({
      token_embedding: 450, position_embedding: 64, segment_embedding: 18, embeddings_layer_norm: 16, transformer_layer_0: 656, pooled_dense: 80,
    });
    expect(s.total_params).toBe(1284);
  });
});

describe('DenseNetBackbone of many blocks', () => {
  it('a chain of 70,000 layers (the most blocks rebuilt) is ordered without exhausting the call stack', async () => {
    const file = join(dir, 'densenet-deep.json');
    const config = { name: 'dense_net_backbone', stackwise_num_repeats: [10_000], growth_rate: 1, compression_ratio: 0.5, image_shape: [8, 8, 3] };
    writeFileSync(file, JSON.stringify({ module: 'keras_hub.src.models.densenet.densenet_backbone', class_name: 'DenseNetBackbone', config, registered_name: 'keras_hub>DenseNetBackbone' }));
    const s = summarize(await readModel(file));
    // input, stem (conv, bn, relu, pool), 7 layers per block, final bn and relu
    expect(s.layers.length).toBe(1 + 4 + 7 * 10_000 + 2);
    // the last block concatenates 64 stem channels and 10,000 grown by one each
    expect(s.layers.at(-1)!.output_shape).toEqual([null, 2, 2, 64 + 10_000]);
  }, 60_000);

  // Keras' Conv2D refuses filters <= 0: no growth, or a transition compressed to nothing
  it.each([{ growth_rate: 0 }, { compression_ratio: -1 }, { compression_ratio: 0.001 }])('%j is refused, E_BAD_CONFIG', async (args) => {
    const file = join(dir, `densenet-${JSON.stringify(args).replace(/\W+/g, '-')}.json`);
    const config = { name: 'dense_net_backbone', stackwise_num_repeats: [1, 1], growth_rate: 4, compression_ratio: 0.5, image_shape: [32, 32, 3], ...args };
    writeFileSync(file, JSON.stringify({ module: 'keras_hub.src.models.densenet.densenet_backbone', class_name: 'DenseNetBackbone', config, registered_name: 'keras_hub>DenseNetBackbone' }));
    await expect(readModel(file)).rejects.toMatchObject({ code: 'E_BAD_CONFIG' });
  });
});
