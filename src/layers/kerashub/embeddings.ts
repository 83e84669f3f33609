// KerasHub's embedding layers (keras-hub src/layers/modeling/): PositionEmbedding learns one vector
// per position up to `sequence_length`; TokenAndPositionEmbedding is a ReversibleEmbedding of the
// tokens plus a PositionEmbedding, as two sub-layers, the first quantized as ReversibleEmbedding is
// under the layer's dtype policy (a DTypePolicyMap's `<layer>/token_embedding` entry).
import { LayerConfig, shapeError } from '../config.js';
import { reversibleEmbedding } from '../embedding.js';
import { defineLayer, w } from '../types.js';
import { FREE } from '../cost-math.js';
import { known, sameShape } from '../shape-math.js';
import { ownedBy, type Shape } from '../../types/shape.js';

function featureDim(c: LayerConfig, x: Shape | undefined): number {
  return known(c, x?.[x.length - 1], 'the feature size (last input dimension)');
}

export const positionEmbedding = defineLayer({
  names: ['PositionEmbedding'],
  category: 'embedding',
  versions: '3',
  // position vectors broadcast over the batch: the input's shape
  outputShape: sameShape,
  weights: (c, [x]) => [w('embeddings', [c.int('sequence_length'), featureDim(c, x)])],
  cost: () => FREE,
});

export const tokenAndPositionEmbedding = defineLayer({
  names: ['TokenAndPositionEmbedding'],
  category: 'embedding',
  versions: '3',
  defaults: { tie_weights: true },
  outputShape: (c, [x]) => {
    if (!x) throw shapeError(c, 'has no input');
    return [...x, c.int('embedding_dim')];
  },
  weights: (c, inputs, ctx) => {
    const [v, d] = [c.int('vocabulary_size'), c.int('embedding_dim')];
    const tokens = new LayerConfig(`${c.layerName}/token_embedding`, 'ReversibleEmbedding', { input_dim: v, output_dim: d, tie_weights: c.bool('tie_weights'), dtype: c.raw('dtype') });
    // the two sub-layers are public attributes: Keras 3 files keep them under their names
    return [
      ...ownedBy('token_embedding', reversibleEmbedding.weights!(tokens, inputs, ctx), 'token_embedding'),
      ...ownedBy('position_embedding', [w('embeddings', [c.int('sequence_length'), d])], 'position_embedding'),
    ];
  },
  cost: () => FREE,
});
