// Optimizer variables, which Keras 3 counts into a summary's totals once the optimizer is built
// (`Optimizer params:`). A file that stores weights tells exactly (its optimizer tensors); a bare
// config only names the optimizer, and then the variables Keras 3 would create are derived here
// (keras/src/optimizers/*.py build()).
import { isObject } from '../normalize/config-access.js';
import type { RawModel, StoredTensor } from '../readers/types.js';
import { sizeOf } from '../types/shape.js';
import { modelTotals, type Totals } from './stats.js';
import type { ModelAnalysis } from './types.js';

export interface OptimizerVariables {
  count: number;
  bytes: number;
}

export function storedOptimizerVariables(tensors: StoredTensor[]): OptimizerVariables | undefined {
  if (tensors.length === 0) return undefined;
  let count = 0;
  let bytes = 0;
  for (const t of tensors) {
    count += sizeOf(t.shape);
    bytes += t.byteLength;
  }
  return { count, bytes };
}

type Config = Record<string, unknown>;

/** Slot variables per trainable variable, each shaped like it (add_optimizer_variables). */
const SLOTS: Record<string, (c: Config) => number> = {
  Adam: (c) => (c.amsgrad === true ? 3 : 2),
  AdamW: (c) => (c.amsgrad === true ? 3 : 2),
  Adamax: () => 2,
  Nadam: () => 2,
  Lamb: () => 2,
  Lion: () => 1,
  Adagrad: () => 1,
  Adadelta: () => 2,
  Ftrl: () => 2,
  RMSprop: (c) => 1 + (Number(c.momentum ?? 0) > 0 ? 1 : 0) + (c.centered === true ? 1 : 0),
  SGD: (c) => (Number(c.momentum ?? 0) !== 0 ? 1 : 0),
};

/** keras.optimizers.get() names. */
const BY_STRING: Record<string, string> = Object.fromEntries(Object.keys(SLOTS).map((c) => [c.toLowerCase(), c]));

/** Scalar variables besides `iteration` and `learning_rate`. */
const EXTRA_SCALARS: Record<string, number> = { Nadam: 1 };

/**
 * The variables a built Keras 3 optimizer holds, from its serialized form
 * `{class_name, config}`; undefined for optimizers this table does not know.
 */
export function keras3OptimizerVariables(optimizer: unknown, totals: Totals, backend: string | undefined): OptimizerVariables | undefined {
  // compile(optimizer="adam") is saved as the bare string, meaning the class with its defaults.
  const className = typeof optimizer === 'string' ? BY_STRING[optimizer.toLowerCase()] : isObject(optimizer) ? optimizer.class_name : undefined;
  if (typeof className !== 'string') return undefined;
  const slotsOf = SLOTS[className];
  if (!slotsOf) return undefined;
  const config: Config = isObject(optimizer) && isObject(optimizer.config) ? optimizer.config : {};
  let perVariable = slotsOf(config);
  if (config.use_ema === true) perVariable += 1; // moving averages
  if (typeof config.gradient_accumulation_steps === 'number' && config.gradient_accumulation_steps > 0) perVariable += 1;
  // `iteration` has dtype "int": int32 under JAX, int64 under the other backends.
  const iterationBytes = backend === 'jax' ? 4 : 8;
  // A learning-rate schedule is an object, not a variable.
  const lrVariables = isObject(config.learning_rate) ? 0 : 1;
  const scalars = lrVariables + (EXTRA_SCALARS[className] ?? 0);
  return {
    count: perVariable * totals.trainable + 1 + scalars,
    bytes: perVariable * totals.trainableBytes + iterationBytes + 4 * scalars,
  };
}

/**
 * The optimizer variables of a loaded file, or undefined when Keras would not count any. Files
 * with weights tell by their stored optimizer state; a bare config (`model.to_json()`) cannot,
 * and a compiled one is taken as trained — the usual reason to save it.
 */
export function builtOptimizerVariables(raw: RawModel, analysis: ModelAnalysis, backend: string | undefined): OptimizerVariables | undefined {
  // An optimizer Keras never built still saves the scalars it makes in __init__ (iteration,
  // learning_rate); only build() adds the per-weight slots. Loaded, it stays unbuilt: no totals line.
  if (raw.weights) return raw.weights.optimizer.some((t) => t.shape.length > 0) ? storedOptimizerVariables(raw.weights.optimizer) : undefined;
  const compile = isObject(raw.config) && isObject(raw.config.compile_config) ? raw.config.compile_config : undefined;
  return compile ? keras3OptimizerVariables(compile.optimizer, modelTotals(analysis), backend) : undefined;
}
