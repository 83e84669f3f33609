// Layers of KerasHub (keras_hub.layers) that its models are built from.
import { positionEmbedding, tokenAndPositionEmbedding } from './embeddings.js';
import { kerasHubTransformerLayers } from './transformer.js';
import { vitLayers } from './vit.js';
import { llamaLayers } from './llama.js';
import { gemmaLayers } from './gemma.js';

export const kerasHubLayers = [positionEmbedding, tokenAndPositionEmbedding, ...kerasHubTransformerLayers, ...vitLayers, ...llamaLayers, ...gemmaLayers];
