import { ErrorCode, KerascopeError } from '../errors.js';
import type { OpenOptions, RawModel } from './types.js';
import type { SourceContext } from './source.js';
import { tfjsWeightStore } from './tfjs-weights.js';

/** TensorFlow.js layers `model.json`: a `modelTopology` object, usually with `weightsManifest`. */
export function isTfjsModelJson(obj: Record<string, unknown>): boolean {
  return typeof obj.modelTopology === 'object' && obj.modelTopology !== null;
}

export async function tfjsModel(obj: Record<string, unknown>, ctx: SourceContext, options: OpenOptions): Promise<RawModel> {
  const file = ctx.source.name;
  const topo = obj.modelTopology as Record<string, unknown>;
  // The Python converter nests the config under `model_config`; tfjs' own save() does not.
  const config = (topo.model_config ?? topo) as Record<string, unknown>;
  if (typeof config !== 'object' || config === null || typeof config.class_name !== 'string') {
    throw new KerascopeError(ErrorCode.BadConfig, 'modelTopology has no Keras model config (class_name/config)', file);
  }
  if (obj.format !== undefined && obj.format !== 'layers-model') {
    throw new KerascopeError(ErrorCode.Unsupported, `TensorFlow.js "${String(obj.format)}" models are not Keras layers models`, file);
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  // Descriptors only: shards are read when a tensor is.
  const weights = obj.weightsManifest === undefined ? undefined : await tfjsWeightStore(obj.weightsManifest, ctx, options.limits);
  return {
    format: 'tfjs-layers',
    file,
    config,
    kerasVersion: str(topo.keras_version) ?? str(config.keras_version),
    backend: str(topo.backend) ?? str(config.backend),
    trainingConfig: topo.training_config ?? obj.trainingConfig,
    weights,
    meta: {
      generatedBy: obj.generatedBy,
      convertedBy: obj.convertedBy,
      weightsManifest: obj.weightsManifest,
    },
  };
}
