// The vision backbones of KerasHub, rebuilt from their constructor arguments as their __init__
// wires them (keras-hub src/models/<family>/<family>_backbone.py).
import { badConfig, type JsonObject } from '../config-access.js';
import { functionalBuilder, type FunctionalBuilder, type Tensor as T } from './functional.js';
import { blocksArg, numArg, str } from './arguments.js';
import { MAX_REBUILT_BLOCKS } from '../../readers/limits.js';

/** ViTBackbone (vit_backbone.py): patching and embedding, then the encoder stack. */
export function vitBackbone(config: JsonObject, file: string): JsonObject {
  const image = config.image_shape;
  if (!Array.isArray(image) || image.length !== 3) throw badConfig(file, 'ViTBackbone "image_shape" must be [height, width, channels]');
  const channelsFirst = config.data_format === 'channels_first';
  const [h, w] = channelsFirst ? [image[1], image[2]] : [image[0], image[1]];
  const channels = channelsFirst ? image[0] : image[2];
  const patch = typeof config.patch_size === 'number' ? [config.patch_size, config.patch_size] : config.patch_size;
  // vit_backbone.py refuses an image its patches do not tile (and divides by the patch size)
  const positive = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
  if (!Array.isArray(patch) || patch.length !== 2 || !patch.every(positive)) throw badConfig(file, `ViTBackbone "patch_size" must be a positive integer or a pair of them, got ${JSON.stringify(config.patch_size)}`);
  [h, w].forEach((size, i) => {
    if (!positive(size) || size % patch[i] !== 0) throw badConfig(file, `ViTBackbone image ${i === 0 ? 'height' : 'width'} ${JSON.stringify(size)} is not a multiple of the patch size ${patch[i]}`);
  });
  const b = functionalBuilder(config.dtype);
  const images = b.input('images', [null, ...(image as (number | null)[])], 'float32');
  const flag = (k: string, d: boolean) => (typeof config[k] === 'boolean' ? config[k] : d);
  const x = b.call('ViTPatchingAndEmbedding', 'vit_patching_and_embedding', {
    image_size: [h, w], patch_size: patch, hidden_dim: config.hidden_dim, num_channels: channels,
    use_class_token: flag('use_class_token', true), use_patch_bias: flag('use_patch_bias', true), data_format: channelsFirst ? 'channels_first' : 'channels_last',
  }, [images], {}, 'keras_hub>ViTPatchingAndEmbedding');
  const out = b.call('ViTEncoder', 'vit_encoder', {
    num_layers: blocksArg(config, file), num_heads: config.num_heads, hidden_dim: config.hidden_dim, mlp_dim: config.mlp_dim,
    dropout_rate: numArg(config, 'dropout_rate', 0), attention_dropout: numArg(config, 'attention_dropout', 0), layer_norm_epsilon: numArg(config, 'layer_norm_epsilon', 1e-6),
    use_mha_bias: flag('use_mha_bias', true), use_mlp_bias: flag('use_mlp_bias', true),
  }, [x], {}, 'keras_hub>ViTEncoder');
  return b.model(str(config.name, 'vi_t_backbone'), [images], [out]);
}


/** The ResNet layers with the settings resnet_backbone.py gives them (channels_last or _first). */
function resnetLayers(b: FunctionalBuilder, dataFormat: string) {
  const axis = dataFormat === 'channels_last' ? -1 : 1;
  let pools = 0;
  return {
    conv: (x: T, name: string, filters: number, kernel: number, stride: number, padding: 'same' | 'valid') =>
      b.call('Conv2D', name, { filters, kernel_size: [kernel, kernel], strides: [stride, stride], padding, data_format: dataFormat, dilation_rate: [1, 1], groups: 1, activation: 'linear', use_bias: false }, [x]),
    bn: (x: T, name: string) => b.call('BatchNormalization', name, { axis, momentum: 0.9, epsilon: 1e-5, center: true, scale: true }, [x]),
    relu: (x: T, name: string) => b.call('Activation', name, { activation: 'relu' }, [x]),
    pad: (x: T, name: string, p: number) => b.call('ZeroPadding2D', name, { padding: [[p, p], [p, p]], data_format: dataFormat }, [x]),
    add: (a: T, c: T, name: string) => b.call('Add', name, {}, [[a, c]]),
    /** the `_vd` shortcut's 2x2 average pool: made without a name, so Keras numbers it (a fresh session's numbering) */
    avgPool: (x: T, stride: number) =>
      b.call('AveragePooling2D', `average_pooling2d${pools++ ? `_${pools - 1}` : ''}`, { pool_size: [2, 2], strides: [stride, stride], padding: 'same', data_format: dataFormat }, [x]),
    /** `ops.pad` of the image axes by 1 (pre-activation's -inf padding before the max pool): an op node named `pad` */
    padOp: (x: T) => {
      const image = [[1, 1], [1, 1]];
      const padWidth = dataFormat === 'channels_last' ? [[0, 0], ...image, [0, 0]] : [[0, 0], [0, 0], ...image];
      return b.op('Pad', 'pad', [x], { pad_width: padWidth, mode: 'constant' });
    },
  };
}

const BLOCK_TYPES = ['basic_block', 'bottleneck_block', 'basic_block_vd', 'bottleneck_block_vd'];

/**
 * ResNetBackbone (resnet_backbone.py): the stem convolutions, a padded 3x3/2 max pool, then the
 * stacks of basic or bottleneck blocks; `_vd` blocks average-pool a strided shortcut before its
 * 1x1 convolution; pre-activation (ResNetV2) normalizes each block's input instead of its output
 * and ends with a BatchNorm and ReLU.
 */
export function resnetBackbone(config: JsonObject, file: string): JsonObject {
  const ints = (k: string) => {
    const v = config[k];
    if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x) && x > 0)) throw badConfig(file, `ResNetBackbone "${k}" must be a list of positive integers`);
    if (v.length > MAX_REBUILT_BLOCKS) throw badConfig(file, `ResNetBackbone "${k}" is longer than ${MAX_REBUILT_BLOCKS}`);
    return v as number[];
  };
  const [convFilters, convKernels, filters, blocks, strides] = ['input_conv_filters', 'input_conv_kernel_sizes', 'stackwise_num_filters', 'stackwise_num_blocks', 'stackwise_num_strides'].map(ints);
  if (blocks.reduce((a, n) => a + n, 0) > MAX_REBUILT_BLOCKS) throw badConfig(file, `ResNetBackbone has more than ${MAX_REBUILT_BLOCKS} blocks`);
  // resnet_backbone.py's own checks: paired lists of one length, a stem, a first stack of 64 filters
  if (convFilters.length === 0 || convFilters.length !== convKernels.length) throw badConfig(file, 'ResNetBackbone "input_conv_filters" and "input_conv_kernel_sizes" must be non-empty and of one length');
  if (filters.length !== blocks.length || filters.length !== strides.length) throw badConfig(file, 'ResNetBackbone "stackwise_num_filters", "stackwise_num_blocks" and "stackwise_num_strides" must be of one length');
  if (filters[0] !== 64) throw badConfig(file, `ResNetBackbone "stackwise_num_filters" must start with 64, got ${filters[0]}`);
  const dataFormat = config.data_format === 'channels_first' ? 'channels_first' : 'channels_last';
  const blockType = String(config.block_type);
  const preActivation = config.use_pre_activation === true;
  const b = functionalBuilder(config.dtype);
  const L = resnetLayers(b, dataFormat);
  const image = Array.isArray(config.image_shape) ? (config.image_shape as (number | null)[]) : [null, null, 3];
  const input = b.input('input_layer', [null, ...image], 'float32');
  let x = L.pad(input, 'conv1_pad', Math.floor((convKernels[0] - 1) / 2));
  x = L.conv(x, 'conv1_conv', convFilters[0], convKernels[0], 2, 'valid');
  for (let i = 1; i < convFilters.length; i++) {
    x = L.relu(L.bn(x, `conv${i}_bn`), `conv${i}_relu`);
    x = L.conv(x, `conv${i + 1}_conv`, convFilters[i], convKernels[i], 1, 'same');
  }
  if (!preActivation) x = L.relu(L.bn(x, `conv${convFilters.length}_bn`), `conv${convFilters.length}_relu`);
  x = preActivation ? L.padOp(x) : L.pad(x, 'pool1_pad', 1);
  x = b.call('MaxPooling2D', 'pool1_pool', { pool_size: [3, 3], strides: [2, 2], padding: 'valid', data_format: dataFormat }, [x]);
  const block = { bottleneck: blockType.startsWith('bottleneck'), vd: blockType.endsWith('_vd'), preActivation };
  for (let s = 0; s < filters.length; s++) {
    for (let i = 0; i < blocks[s]; i++) {
      const first = i === 0;
      x = residualBlock(L, x, `stack${s}_block${i}`, filters[s], first ? strides[s] : 1, first && (blockType !== 'basic_block' || s > 0), block);
    }
  }
  if (preActivation) x = L.relu(L.bn(x, 'post_bn'), 'post_relu');
  return b.model(str(config.name, 'res_net_backbone'), [input], [x]);
}

/** ResNet blocks the builder covers: every block type resnet_backbone.py accepts. */
export function isRebuiltResNet(config: JsonObject): boolean {
  return BLOCK_TYPES.includes(String(config.block_type));
}

type Layers = ReturnType<typeof resnetLayers>;

/** apply_basic_block / apply_bottleneck_block and their `_vd` forms, post- or pre-activation. */
function residualBlock(L: Layers, x: T, name: string, filters: number, stride: number, convShortcut: boolean, o: { bottleneck: boolean; vd: boolean; preActivation: boolean }): T {
  const out = o.bottleneck ? 4 * filters : filters;
  const preact = o.preActivation ? L.relu(L.bn(x, `${name}_pre_activation_bn`), `${name}_pre_activation_relu`) : null;
  let shortcut = x;
  if (convShortcut) {
    const pooled = o.vd && !preact && stride > 1;
    const source = preact ?? (pooled ? L.avgPool(x, stride) : x);
    shortcut = L.conv(source, `${name}_0_conv`, out, 1, o.vd ? 1 : stride, 'valid');
    if (!preact) shortcut = L.bn(shortcut, `${name}_0_bn`);
  }
  let y = preact ?? x;
  // the strided 3x3 convolution: the first of a basic block, the second of a bottleneck
  const strided = (t: T, n: number) => {
    const padded = stride > 1 ? L.pad(t, `${name}_${n}_pad`, 1) : t;
    return L.conv(padded, `${name}_${n}_conv`, filters, 3, stride, stride > 1 ? 'valid' : 'same');
  };
  let last: number;
  if (o.bottleneck) {
    y = L.relu(L.bn(L.conv(y, `${name}_1_conv`, filters, 1, 1, 'valid'), `${name}_1_bn`), `${name}_1_relu`);
    y = L.relu(L.bn(strided(y, 2), `${name}_2_bn`), `${name}_2_relu`);
    y = L.conv(y, `${name}_3_conv`, out, 1, 1, 'valid');
    last = 3;
  } else {
    y = L.relu(L.bn(strided(y, 1), `${name}_1_bn`), `${name}_1_relu`);
    y = L.conv(y, `${name}_2_conv`, filters, 3, 1, 'same');
    last = 2;
  }
  if (o.preActivation) return L.add(shortcut, y, `${name}_out`);
  return L.relu(L.add(shortcut, L.bn(y, `${name}_${last}_bn`), `${name}_add`), `${name}_out`);
}
