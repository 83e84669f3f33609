import { ErrorCode, KerascopeError } from '../errors.js';
import { DEFAULT_LIMITS, SNIFF_BYTES } from './limits.js';
import { looksLikeJsonObject, readJsonObject } from './json.js';
import { isKerasConfigJson, kerasJsonModel } from './keras-json.js';
import { isTfjsModelJson, tfjsModel } from './tfjs.js';
import { isZip } from './zip.js';
import { isShardedWeightsIndex, shardedWeightsModel } from './keras-sharded.js';
import { kerasArchiveModel } from './keras-v3.js';
import { fileContext, fileSource, type SourceContext } from './source.js';
import { openKerasHdf5, sniffHdf5 } from './hdf5/index.js';
import { describeContent } from './content-hints.js';
import type { OpenOptions, RawModel } from './types.js';

export type { ArchiveProblem } from './zip.js';
export type { RawModel, OpenOptions, WeightStore, StoredLayer, StoredTensor, FormatId, DType } from './types.js';

/**
 * Opens any supported model file, sniffing its content (never its extension).
 * Precedence: binary signatures first (HDF5, zip), then JSON by its keys:
 * a tfjs `model.json` has `modelTopology`; a `to_json()` config has `class_name` + `config`; a Keras 3
 * sharded weights index has `weight_map` + `metadata`.
 */
export async function openModelFile(path: string, options: Partial<OpenOptions> = {}): Promise<RawModel> {
  const opts: OpenOptions = { limits: DEFAULT_LIMITS, ...options };
  const source = await fileSource(path);
  try {
    return await openFromContext(fileContext(source, path), opts);
  } finally {
    // Readers that keep the file open for lazy reads take their own handle.
    await source.close();
  }
}

export async function openFromContext(ctx: SourceContext, opts: OpenOptions): Promise<RawModel> {
  const { source } = ctx;
  if (source.size === 0) throw new KerascopeError(ErrorCode.Empty, 'file is empty', source.name);
  const head = await source.read(0, SNIFF_BYTES);
  if (sniffHdf5(head)) return openKerasHdf5(source, opts);
  // Any zip is taken for a .keras archive; one without config.json is refused as not a model.
  if (isZip(head)) return kerasArchiveModel(ctx, opts);
  if (looksLikeJsonObject(head)) {
    const obj = await readJsonObject(source, opts.limits.maxJsonBytes);
    if (isTfjsModelJson(obj)) return tfjsModel(obj, ctx, opts);
    if (isKerasConfigJson(obj)) return kerasJsonModel(obj, source.name);
    if (isShardedWeightsIndex(obj)) return shardedWeightsModel(obj, ctx, opts);
    throw new KerascopeError(ErrorCode.NotAModel, 'JSON object is neither a Keras model config (class_name/config) nor a TensorFlow.js model.json (modelTopology)', source.name);
  }
  throw new KerascopeError(ErrorCode.NotAModel, describeUnknown(head, source.name), source.name);
}

function describeUnknown(head: Uint8Array, name: string): string {
  const hint = describeContent(head, name);
  if (hint) return `not a Keras model file: ${hint}`;
  // Only text can be JSON: random or binary bytes that happen to start with a digit are not.
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, 64), { stream: true }); // a cut last character is fine
  } catch {
    text = '';
  }
  if (!/[\x00-\x08\x0e-\x1f]/.test(text) && /^\s*[[\d"tfn-]/.test(text)) return 'JSON that is not an object: not a Keras model config';
  return 'not a Keras model file (no HDF5, zip or JSON signature)';
}
