// Converts a Keras model file to a TensorFlow.js layers model with @tensorflow/tfjs-layers itself:
// the file's config is loaded by tfjs, given the file's stored weights, and saved as tfjs saves it
// (model.json + one .bin shard). What `tensorflowjs_converter --input_format keras` produces.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadModel, readRaw } from '../../src/index.js';

/** Returns the path of the written model.json. */
export async function convertToTfjs(file: string): Promise<string> {
  await tf.setBackend('cpu');
  const raw = await readRaw(file);
  const model = loadModel(raw);
  const tfjsModel = await tfl.models.modelFromJSON({ modelTopology: raw.config } as never);
  for (const layer of tfjsModel.layers) {
    const stored = model.weightMatch?.byLayer.get(layer.name) ?? [];
    if (stored.length === 0) continue;
    const tensors = await Promise.all(stored.map(async (t) => tf.tensor(Array.from(await raw.weights!.read(t.path), Number), t.shape, 'float32')));
    layer.setWeights(tensors);
    tensors.forEach((t) => t.dispose());
  }
  await raw.weights?.close();
  const dir = mkdtempSync(join(tmpdir(), 'kerascope-tfjs-'));
  await tfjsModel.save(tf.io.withSaveHandler(async (a) => {
    writeFileSync(join(dir, 'group1-shard1of1.bin'), new Uint8Array(a.weightData as ArrayBuffer));
    const json = { format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy, modelTopology: a.modelTopology, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }] };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
  tfjsModel.dispose();
  return join(dir, 'model.json');
}
