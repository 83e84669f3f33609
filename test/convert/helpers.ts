// Shared pieces of the convert tests: tfjs-layers as the independent consumer of TensorFlow.js
// outputs, and our own readers for reading any output back.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tfc from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openModelFile, readModel, summarize, type SummaryJson } from '../../src/index.js';

/** Loads a tfjs layers model from a folder on disk, through tfjs' own IOHandler contract. */
export async function loadTfjsFolder(folder: string): Promise<tfl.LayersModel> {
  const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
  const group = json.weightsManifest[0];
  const parts = group.paths.map((p: string) => readFileSync(join(folder, p)));
  const bytes = Buffer.concat(parts);
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return tfl.loadLayersModel({
    load: async () => ({ modelTopology: json.modelTopology, weightSpecs: group.weights, weightData, format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy }),
  }, { strict: true });
}

/** tfjs' weights by the name it loaded them under (`<layer>/<weight>`). */
export function tfjsWeights(model: tfl.LayersModel): Map<string, Float32Array> {
  return new Map(model.weights.map((w) => [w.originalName, w.read().dataSync() as Float32Array]));
}

/** Every stored tensor of a model file, by `<layer>/<position>` in our pairing of weights to layers. */
export async function storedValues(path: string, options: { weights?: string } = {}): Promise<{ summary: SummaryJson; values: Map<string, Float32Array | Int32Array> }> {
  const model = await readModel(path, options);
  try {
    const values = new Map<string, Float32Array | Int32Array>();
    for (const [layer, tensors] of model.weightMatch!.byLayer) {
      for (const [i, t] of tensors.entries()) {
        const data = await model.raw.weights!.read(t.path);
        values.set(`${layer}/${i}`, data instanceof Float64Array ? Float32Array.from(data) : (data as Float32Array));
      }
    }
    return { summary: summarize(model), values };
  } finally {
    await model.raw.weights?.close();
  }
}

/** A file's raw stored arrays by weight name (the `name` the file records), unconverted. */
export async function rawArrays(path: string): Promise<Map<string, { shape: number[]; data: Float32Array }>> {
  const raw = await openModelFile(path);
  try {
    const out = new Map<string, { shape: number[]; data: Float32Array }>();
    for (const l of raw.weights!.layers) for (const t of l.tensors) out.set(t.name.replace(/:0$/, ''), { shape: t.shape, data: (await raw.weights!.read(t.path)) as Float32Array });
    return out;
  } finally {
    await raw.weights?.close();
  }
}

/** Every dataset of a weights store by its path, values as numbers (a Keras 3 file: `layers/dense/vars/0`). */
export async function datasets(path: string): Promise<Map<string, number[]>> {
  const raw = await openModelFile(path);
  try {
    const store = raw.weights!;
    const out = new Map<string, number[]>();
    for (const t of store.layers.flatMap((l) => l.tensors)) out.set(t.path, Array.from(await store.read(t.path), Number));
    return out;
  } finally {
    await raw.weights?.close();
  }
}

/** The layer rows that must survive a conversion: names, classes, output shapes, params. */
export function rows(s: SummaryJson) {
  return s.layers.map((l) => ({ name: l.name, class_name: l.class_name, output_shape: l.output_shape, params: l.params }));
}

export { tfl };

/**
 * A tfjs-layers Dense(units) on `inputs` features whose kernel value i is Math.fround(Math.sin(i))
 * and bias value i is i, saved by tfjs-layers into `folder` (model.json and 4 MiB shards, as the
 * converter shards): a weight of any size without committing one.
 */
export async function saveSinDense(folder: string, inputs: number, units: number): Promise<void> {
  const model = tfl.sequential({ layers: [tfl.layers.dense({ units, inputShape: [inputs], name: 'dense' })] });
  const kernel = Float32Array.from({ length: inputs * units }, (_, i) => Math.sin(i));
  const bias = Float32Array.from({ length: units }, (_, i) => i);
  model.setWeights([tfc.tensor(kernel, [inputs, units]), tfc.tensor(bias, [units])]);
  await model.save(tfc.io.withSaveHandler(async (artifacts) => {
    const data = new Uint8Array(artifacts.weightData as ArrayBuffer);
    const shard = 4 * 1024 * 1024;
    const paths = Array.from({ length: Math.ceil(data.length / shard) }, (_, i) => `group1-shard${i + 1}.bin`);
    mkdirSync(folder, { recursive: true });
    paths.forEach((p, i) => writeFileSync(join(folder, p), data.subarray(i * shard, (i + 1) * shard)));
    writeFileSync(join(folder, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: artifacts.modelTopology, weightsManifest: [{ paths, weights: artifacts.weightSpecs }] }));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  model.dispose();
}
