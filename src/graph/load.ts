// Reading a model file into an analyzed model: open (with an optional separate weights file) →
// normalize → analyze → pair the stored weights with the layers. Every later stage (audit,
// report, convert, the CLI) starts from here.
import { ErrorCode, KerascopeError } from '../errors.js';
import { normalize } from '../normalize/index.js';
import { openModelFile } from '../readers/index.js';
import type { OpenOptions, RawModel } from '../readers/types.js';
import { analyzeModel } from './analyze.js';
import { matchStoredWeights } from './stored-weights.js';
import { countStoredWeights } from './stored-params.js';
import type { AnalyzedModel } from './types.js';

export interface ReadOptions extends Partial<OpenOptions> {
  /** a weights file to pair with a config-only input */
  weights?: string;
}

/** A model read from disk, normalized and analyzed. */
export interface LoadedModel extends AnalyzedModel {
  raw: RawModel;
}

export async function readModel(path: string, options: ReadOptions = {}): Promise<LoadedModel> {
  return loadModel(await readRaw(path, options));
}

/** Opens a model file (and, with `weights`, a weights file whose store replaces the model's own). */
export async function readRaw(path: string, options: ReadOptions = {}): Promise<RawModel> {
  const raw = await openModelFile(path, options);
  return options.weights ? withWeightsOf(raw, await openModelFile(options.weights, options)) : raw;
}

/** A model with the stored weights of another opened file (a config and its save_weights() file). */
export async function withWeightsOf(raw: RawModel, paired: RawModel): Promise<RawModel> {
  if (!paired.weights) {
    throw new KerascopeError(ErrorCode.NotAModel, `holds no stored weights (it is a ${paired.format} file)`, paired.file);
  }
  await raw.weights?.close();
  return {
    ...raw,
    weights: paired.weights,
    kerasVersion: raw.kerasVersion ?? paired.kerasVersion,
    backend: raw.backend ?? paired.backend,
    meta: { ...raw.meta, weightsFile: paired.file, weightsFormat: paired.format, weightsMeta: paired.meta },
  };
}

/** Normalizes and analyzes a raw model, pairing its stored weights with the layers. */
export function loadModel(raw: RawModel): LoadedModel {
  const analyzed = analyzeModel(normalize(raw), raw.file);
  const weightMatch = raw.weights ? matchStoredWeights(analyzed.analysis, raw.weights) : undefined;
  if (weightMatch) countStoredWeights(analyzed.analysis, weightMatch);
  return { ...analyzed, ...(weightMatch ? { weightMatch } : {}), raw };
}
