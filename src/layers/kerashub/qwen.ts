// KerasHub's Qwen layers (keras-hub src/models/qwen/): Llama's RMS norm and decoder block under their
// names, the query, key and value projections with biases (qwen_attention.py).
import { groupedQueryDecoder, rmsNormLayer } from './llama.js';

export const qwenLayers = [rmsNormLayer('QwenLayerNorm'), groupedQueryDecoder('QwenTransformerDecoder', { qkvBias: true })];
