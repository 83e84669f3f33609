// Layers of KerasHub (keras_hub.layers) that its models are built from.
import { positionEmbedding, tokenAndPositionEmbedding } from './embeddings.js';
import { kerasHubTransformerLayers } from './transformer.js';
import { vitLayers } from './vit.js';
import { llamaLayers } from './llama.js';
import { mistralLayers } from './mistral.js';
import { qwenLayers } from './qwen.js';
import { gemmaLayers } from './gemma.js';

export const kerasHubLayers = [positionEmbedding, tokenAndPositionEmbedding, ...kerasHubTransformerLayers, ...vitLayers, ...llamaLayers, ...mistralLayers, ...qwenLayers, ...gemmaLayers];
