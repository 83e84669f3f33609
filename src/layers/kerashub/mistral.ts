// KerasHub's Mistral layers (keras-hub src/models/mistral/): Llama's RMS norm and decoder block under
// their names; Mistral's attention may set `head_dim` apart from hidden // num_query_heads.
import { groupedQueryDecoder, rmsNormLayer } from './llama.js';

export const mistralLayers = [rmsNormLayer('MistralLayerNormalization'), groupedQueryDecoder('MistralTransformerDecoder')];
