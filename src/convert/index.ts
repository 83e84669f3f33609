// `kerascope convert`: any model we read → a Keras 2 `to_json()` config, a Keras 3 `config.json`, a
// TensorFlow.js layers model or a Keras 3 `.keras` archive. Names, order and values are kept (bit for
// bit unless quantizing); what the target cannot express is refused, naming the layer and option.
import { basename, dirname, extname, join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { loadModel, readRaw, type LoadedModel } from '../graph/load.js';
import { ErrorCode, KerascopeError } from '../errors.js';
import { looksLikeUrl } from '../readers/http/url.js';
import { keras2ModelConfig } from './keras2-config.js';
import { keras3ModelConfig } from './keras3-config.js';
import { writeTfjs } from './tfjs-writer.js';
import { writeKerasArchive } from './keras-archive.js';
import { pendingOutput } from './output.js';
import { refuse } from './refuse.js';
import type { ConvertOptions, ConvertResult, WeightPlan } from './types.js';
import { planWeights } from './weight-plan.js';

export type { ConvertOptions, ConvertResult, ConvertTarget, Quantization, WeightPlan, PlannedWeight } from './types.js';
export { CONVERT_TARGETS, QUANTIZATIONS } from './types.js';
export { planWeights } from './weight-plan.js';
export { TFJS_SHARD_BYTES } from './tfjs-writer.js';

/** Where an output goes when `out` is not given: json to the caller, files beside the input. */
export function defaultOutput(input: string, to: ConvertOptions['to']): string | undefined {
  // A model read from a URL is written to the current folder, named after the URL's last segment.
  const url = looksLikeUrl(input);
  const path = url ? basename(new URL(input).pathname) || 'model' : input;
  const dir = url ? '.' : dirname(input);
  const stem = basename(path, extname(path));
  if (to === 'tfjs') return join(dir, `${stem}-tfjs`);
  if (to === 'keras') return join(dir, `${stem}.keras`);
  return undefined;
}

export async function convertModel(input: string, options: ConvertOptions): Promise<ConvertResult> {
  if (options.quantize && options.to !== 'tfjs') throw new KerascopeError(ErrorCode.Usage, '--quantize applies to --to tfjs only');
  const raw = await readRaw(input, { weights: options.weights, hdf5: options.hdf5 });
  try {
    if (raw.config === null) throw refuse(input, 'the file holds weights only; convert its model config and pass this file with --weights');
    const model = loadModel(raw);
    const notes: string[] = [];
    const layers = model.analysis.layers.filter((a) => !a.node.implicit).length;
    if (options.to === 'keras2-json' || options.to === 'keras3-json') {
      const json = options.to === 'keras2-json' ? keras2ModelConfig(model, { tfjs: false, notes }) : keras3ModelConfig(model, { notes });
      const text = JSON.stringify(json);
      const result: ConvertResult = { to: options.to, json, files: [], layers, params: 0, bytes: Buffer.byteLength(text), notes };
      if (!options.out) return result;
      const out = await pendingOutput(options.out, 'file', options.force ?? false, inputsOf(input, options));
      try {
        await writeFile(out.tmp, text);
      } catch (e) {
        throw await out.fail(e);
      }
      await out.commit();
      return { ...result, out: options.out, files: [options.out] };
    }
    const plan = planWeights(model);
    carriedNotes(model, plan, notes);
    const target = options.out ?? defaultOutput(input, options.to)!;
    const out = await pendingOutput(target, options.to === 'tfjs' ? 'folder' : 'file', options.force ?? false, inputsOf(input, options));
    try {
      let files: string[];
      let bytes: number;
      if (options.to === 'tfjs') {
        ({ files, bytes } = await writeTfjs(model, plan, out.tmp, { quantize: options.quantize, notes }));
        files = files.map((f) => join(target, f));
      } else {
        ({ bytes } = await writeKerasArchive(model, plan, out.tmp, target, notes));
        files = [target];
      }
      await out.commit();
      return { to: options.to, out: target, files, layers, params: plan.params, bytes, notes };
    } catch (e) {
      throw await out.fail(e);
    }
  } finally {
    await raw.weights?.close();
  }
}

function inputsOf(input: string, options: ConvertOptions): string[] {
  return options.weights ? [input, options.weights] : [input];
}

/** What a weights conversion leaves behind or changes, said once each. */
function carriedNotes(model: LoadedModel, plan: WeightPlan, notes: string[]): void {
  const store = model.raw.weights!;
  for (const { layer, weights } of plan.layers) {
    const conversions = [...new Set(weights.map((w) => w.source.conversion).filter((c): c is string => c !== null))];
    for (const c of conversions) notes.push(`layer "${layer.name}": ${c}`);
  }
  if (store.optimizer.length) notes.push(`optimizer state (${store.optimizer.length} tensors) is not carried over`);
  if (model.raw.trainingConfig) notes.push('the training config (optimizer, loss, metrics) is not carried over; compile the model again');
  for (const l of model.weightMatch?.unmatched ?? []) notes.push(`stored group "${l.name}" belongs to no layer of the config and is left out`);
}
