// The vision backbones of KerasHub, rebuilt from their constructor arguments as their __init__
// wires them (keras-hub src/models/<family>/<family>_backbone.py).
import { badConfig, type JsonObject } from '../config-access.js';
import { functionalBuilder } from './functional.js';
import { blocksArg } from './text-backbones.js';

/** ViTBackbone (vit_backbone.py): patching and embedding, then the encoder stack. */
export function vitBackbone(config: JsonObject, file: string): JsonObject {
  const image = config.image_shape;
  if (!Array.isArray(image) || image.length !== 3) throw badConfig(file, 'ViTBackbone "image_shape" must be [height, width, channels]');
  const channelsFirst = config.data_format === 'channels_first';
  const [h, w] = channelsFirst ? [image[1], image[2]] : [image[0], image[1]];
  const channels = channelsFirst ? image[0] : image[2];
  const patch = typeof config.patch_size === 'number' ? [config.patch_size, config.patch_size] : config.patch_size;
  const b = functionalBuilder(config.dtype);
  const images = b.input('images', [null, ...(image as (number | null)[])], 'float32');
  const flag = (k: string, d: boolean) => (typeof config[k] === 'boolean' ? config[k] : d);
  const num = (k: string, d: number) => (typeof config[k] === 'number' ? config[k] : d);
  const x = b.call('ViTPatchingAndEmbedding', 'vit_patching_and_embedding', {
    image_size: [h, w], patch_size: patch, hidden_dim: config.hidden_dim, num_channels: channels,
    use_class_token: flag('use_class_token', true), use_patch_bias: flag('use_patch_bias', true), data_format: channelsFirst ? 'channels_first' : 'channels_last',
  }, [images], {}, 'keras_hub>ViTPatchingAndEmbedding');
  const out = b.call('ViTEncoder', 'vit_encoder', {
    num_layers: blocksArg(config, file), num_heads: config.num_heads, hidden_dim: config.hidden_dim, mlp_dim: config.mlp_dim,
    dropout_rate: num('dropout_rate', 0), attention_dropout: num('attention_dropout', 0), layer_norm_epsilon: num('layer_norm_epsilon', 1e-6),
    use_mha_bias: flag('use_mha_bias', true), use_mlp_bias: flag('use_mlp_bias', true),
  }, [x], {}, 'keras_hub>ViTEncoder');
  return b.model(typeof config.name === 'string' ? config.name : 'vi_t_backbone', [images], [out]);
}

