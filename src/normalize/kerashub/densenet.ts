// DenseNetBackbone (keras-hub src/models/densenet/densenet_backbone.py), rebuilt from its arguments:
// a 7x7/2 stem convolution, BatchNorm, ReLU and a 3x3/2 max pool; then dense blocks (per repeat:
// BN-ReLU-1x1 conv to 4·growth_rate, BN-ReLU-3x3 conv to growth_rate, concatenated to the block's
// input) with a transition (BN-ReLU, a 1x1 conv to int(channels · compression_ratio), a 2x2/2
// average pool) between them; a final BatchNorm and ReLU. Its layers are made without the model's
// dtype and with keras.config.image_data_format(): channels_last here, as the config cannot say.
import { badConfig, type JsonObject } from '../config-access.js';
import { functionalBuilder, type Tensor as T } from './functional.js';
import { intArg, numArg, str } from './arguments.js';
import { MAX_REBUILT_BLOCKS } from '../../readers/limits.js';

const DATA_FORMAT = 'channels_last';
const BN_EPSILON = 1.001e-5;

export function denseNetBackbone(config: JsonObject, file: string): JsonObject {
  const repeats = config.stackwise_num_repeats;
  if (!Array.isArray(repeats) || repeats.length === 0 || !repeats.every((n) => Number.isInteger(n) && n >= 0)) {
    throw badConfig(file, 'DenseNetBackbone "stackwise_num_repeats" must be a non-empty list of non-negative integers');
  }
  if (repeats.reduce((a: number, n: number) => a + n, 0) > MAX_REBUILT_BLOCKS) throw badConfig(file, `DenseNetBackbone has more than ${MAX_REBUILT_BLOCKS} blocks`);
  // Keras refuses a Conv2D of no filters ("Expected a strictly positive value"), as these would make
  const growth = intArg(config, 'growth_rate', file, 32);
  if (growth === 0) throw badConfig(file, 'DenseNetBackbone "growth_rate" must be positive, got 0');
  const compression = numArg(config, 'compression_ratio', 0.5);
  const b = functionalBuilder(undefined);
  const conv = (x: T, name: string, filters: number, kernel: number, stride: number, padding: 'same' | 'valid') =>
    b.call('Conv2D', name, { filters, kernel_size: [kernel, kernel], strides: [stride, stride], padding, data_format: DATA_FORMAT, dilation_rate: [1, 1], groups: 1, activation: 'linear', use_bias: false }, [x]);
  const bn = (x: T, name: string) => b.call('BatchNormalization', name, { axis: -1, momentum: 0.99, epsilon: BN_EPSILON, center: true, scale: true }, [x]);
  const relu = (x: T, name: string) => b.call('Activation', name, { activation: 'relu' }, [x]);
  const bnRelu = (x: T, prefix: string) => relu(bn(x, `${prefix}_bn`), `${prefix}_relu`);

  const image = Array.isArray(config.image_shape) ? (config.image_shape as (number | null)[]) : [null, null, 3];
  const input = b.input('input_layer', [null, ...image], 'float32');
  let x = bnRelu(conv(input, 'conv1_conv', 64, 7, 2, 'same'), 'conv1');
  x = b.call('MaxPooling2D', 'pool1', { pool_size: [3, 3], strides: [2, 2], padding: 'same', data_format: DATA_FORMAT }, [x]);
  let channels = 64;
  repeats.forEach((n: number, s: number) => {
    for (let i = 1; i <= n; i++) {
      const name = `stack${s + 1}_block${i}`;
      const y = conv(bnRelu(x, `${name}_1`), `${name}_1_conv`, 4 * growth, 1, 1, 'valid');
      const grown = conv(bnRelu(y, `${name}_2`), `${name}_2_conv`, growth, 3, 1, 'same');
      x = b.call('Concatenate', `${name}_concat`, { axis: -1 }, [[x, grown]]);
      channels += growth;
    }
    if (s === repeats.length - 1) return;
    const name = `transition${s + 1}`;
    channels = Math.trunc(channels * compression);
    if (!(channels > 0)) throw badConfig(file, `DenseNetBackbone "compression_ratio" ${compression} leaves transition ${s + 1} no filters`);
    x = conv(bnRelu(x, name), `${name}_conv`, channels, 1, 1, 'valid');
    x = b.call('AveragePooling2D', `${name}_pool`, { pool_size: [2, 2], strides: [2, 2], padding: 'valid', data_format: DATA_FORMAT }, [x]);
  });
  x = relu(bn(x, 'bn'), 'relu');
  return b.model(str(config.name, 'dense_net_backbone'), [input], [x]);
}
