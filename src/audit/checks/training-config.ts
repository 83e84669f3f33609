// Keras 2 training configs name their losses and metrics: strings looked up in keras.losses /
// keras.metrics, `{class_name, config}` objects, MeanMetricWrapper's `fn`. A name Keras does not
// have needs custom_objects when load_model compiles the model, which runs the caller's code: a
// warning, as custom objects are. (Keras 3 `{module, ...}` objects are the modules check's.)
import { MAX_NESTING } from '../../readers/limits.js';
import type { RawModel } from '../../readers/types.js';
import { isObject } from '../../normalize/config-access.js';
import { KERAS_LOSSES_AND_METRICS } from '../security/keras-names.js';
import { isEnvelope } from '../security/walk.js';
import type { Finding } from '../finding.js';
import type { Check } from '../types.js';

const KEYS = ['loss', 'metrics', 'weighted_metrics'] as const;

export const trainingConfigCheck: Check = {
  id: 'training-config',
  appliesTo: (m) => (trainingConfigs(m.raw).length ? true : 'no training config'),
  run: (m) => {
    const out: Finding[] = [];
    for (const [tc, root] of trainingConfigs(m.raw)) {
      for (const key of KEYS) names((tc as Record<string, unknown>)[key], `${root}.${key}`, key, out, 0);
    }
    return out;
  },
};

/** The file's training configs, and its other readings' named as the config walk names them (`hdf5@2048:training_config`). */
function trainingConfigs(raw: RawModel): [unknown, string][] {
  const carriers: [unknown, string][] = [[raw.trainingConfig, ''], ...(raw.otherReadings ?? []).map((r): [unknown, string] => [r.trainingConfig, `${r.container}@${r.offset}:`])];
  return carriers.filter(([tc]) => isObject(tc)).map(([tc, prefix]) => [tc, `${prefix}training_config`]);
}

function names(v: unknown, path: string, key: string, out: Finding[], depth: number): void {
  if (depth > MAX_NESTING) return;
  if (typeof v === 'string') {
    if (!KERAS_LOSSES_AND_METRICS.has(v)) out.push({ code: 'unknown-function-name', path, key, value: v });
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => names(x, `${path}[${i}]`, key, out, depth + 1));
  } else if (isEnvelope(v)) {
    if (v.module !== undefined) return; // Keras 3 serialized object: the modules check
    if (!KERAS_LOSSES_AND_METRICS.has(v.class_name)) out.push({ code: 'unknown-function-name', path: `${path}.class_name`, key, value: v.class_name });
    const fn = isObject(v.config) ? v.config.fn : undefined;
    if (fn !== undefined) names(fn, `${path}.config.fn`, key, out, depth + 1);
  } else if (isObject(v)) {
    // per-output losses and metrics: {output_name: loss}
    for (const [k, x] of Object.entries(v)) names(x, `${path}.${k}`, key, out, depth + 1);
  }
}
