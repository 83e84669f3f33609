// Optimizer variables, which Keras 3 counts into a summary's totals once the optimizer is built
// (`Optimizer params:`). A file that stores weights tells exactly (its optimizer tensors); a bare
// config only names the optimizer, and then the variables Keras 3 would create are derived here
// (keras/src/optimizers/*.py build()).
import { isObject } from '../normalize/config-access.js';
import { isModelClass } from '../normalize/subclassed.js';
import type { RawModel, StoredTensor } from '../readers/types.js';
import { byteSize, countValues } from './storage-tree.js';
import { modelTotals, type Totals } from './stats.js';
import type { ModelAnalysis } from './types.js';
import { lookupTable } from '../types/lookup.js';

export interface OptimizerVariables {
  count: number;
  bytes: number;
}

function storedOptimizerVariables(tensors: StoredTensor[]): OptimizerVariables | undefined {
  return tensors.length ? { count: countValues(tensors), bytes: byteSize(tensors) } : undefined;
}

type Config = Record<string, unknown>;

/** Slot variables per trainable variable, each shaped like it (add_optimizer_variables). */
const SLOTS: Readonly<Record<string, (c: Config) => number>> = lookupTable({
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
});

/** keras.optimizers.get() names. */
const BY_STRING: Readonly<Record<string, string>> = lookupTable(Object.fromEntries(Object.keys(SLOTS).map((c) => [c.toLowerCase(), c])));

/** Scalar variables besides `iteration` and `learning_rate`. */
const EXTRA_SCALARS: Readonly<Record<string, number>> = lookupTable({ Nadam: 1 });

/**
 * The variables a built Keras 3 optimizer holds, from its serialized form
 * `{class_name, config}`; undefined for optimizers this table does not know.
 */
export function keras3OptimizerVariables(optimizer: unknown, totals: Totals, backend: string | undefined): OptimizerVariables | undefined {
  const shape = optimizerShape(optimizer);
  if (!shape) return undefined;
  return withSlots(scalarVariables(shape.scalars, backend), shape.perVariable, totals);
}

/** `iteration` and `scalars` float32 scalars; `iteration` has dtype "int": int32 under JAX, int64 under the other backends. */
function scalarVariables(scalars: number, backend: string | undefined): OptimizerVariables {
  return { count: 1 + scalars, bytes: (backend === 'jax' ? 4 : 8) + 4 * scalars };
}

/** `base` plus `perVariable` slot variables shaped like each trainable variable. */
function withSlots(base: OptimizerVariables, perVariable: number, totals: Totals): OptimizerVariables {
  return { count: base.count + perVariable * totals.trainable, bytes: base.bytes + perVariable * totals.trainableBytes };
}

/** A learning-rate schedule is an object, not a variable. */
const learningRateVariables = (config: unknown): number => (isObject(config) && isObject(config.learning_rate) ? 0 : 1);

/** Slot variables per trainable variable, and float scalars besides `iteration`, of a serialized optimizer. */
function optimizerShape(optimizer: unknown): { perVariable: number; scalars: number } | undefined {
  // compile(optimizer="adam") is saved as the bare string, meaning the class with its defaults.
  const className = typeof optimizer === 'string' ? BY_STRING[optimizer.toLowerCase()] : isObject(optimizer) ? optimizer.class_name : undefined;
  if (typeof className !== 'string') return undefined;
  const slotsOf = SLOTS[className];
  if (!slotsOf) return undefined;
  const config: Config = isObject(optimizer) && isObject(optimizer.config) ? optimizer.config : {};
  let perVariable = slotsOf(config);
  if (config.use_ema === true) perVariable += 1; // moving averages
  if (typeof config.gradient_accumulation_steps === 'number' && config.gradient_accumulation_steps > 0) perVariable += 1;
  return { perVariable, scalars: learningRateVariables(config) + (EXTRA_SCALARS[className] ?? 0) };
}

/**
 * What Keras 3 (3.15) holds after loading a legacy whole-model `.h5`: its loader compiles the
 * model from `training_config` and builds the optimizer, whose stored slots it does not restore,
 * so only `iteration` and `learning_rate` exist (`Optimizer params: 2`, whatever the optimizer;
 * measured on the corpus' files). Without a training config, or with one Keras 3 refuses to
 * compile, nothing: load_model then fails, and the file loads only with compile=False.
 */
function legacyH5OptimizerVariables(training: unknown, backend: string | undefined): OptimizerVariables | undefined {
  if (!isObject(training) || !keras3Compiles(training)) return undefined;
  const optimizer = training.optimizer_config;
  return scalarVariables(learningRateVariables(isObject(optimizer) ? optimizer.config : undefined), backend);
}

/** Loss names Keras 3.15's legacy loader cannot deserialize (the keras.metrics aliases). */
const REFUSED_LOSS_NAMES = new Set(['mse', 'mae', 'mape', 'msle', 'kld', 'logcosh']);

/**
 * Whether Keras 3 compiles a legacy training config, by the refusals seen on real files: a loss
 * named by an alias above, a loss object saved by tf.keras 2 with `reduction: "auto"`, an
 * optimizer config with Keras 2.2's `lr`. Other refusals (custom objects) are not predicted.
 */
function keras3Compiles(training: Record<string, unknown>): boolean {
  const optimizer = training.optimizer_config;
  if (isObject(optimizer) && isObject(optimizer.config) && 'lr' in optimizer.config) return false;
  const refused = (loss: unknown, depth: number): boolean => {
    if (depth > 8) return false;
    if (typeof loss === 'string') return REFUSED_LOSS_NAMES.has(loss);
    if (Array.isArray(loss)) return loss.some((l) => refused(l, depth + 1));
    if (!isObject(loss)) return false;
    if ('class_name' in loss) return isObject(loss.config) && loss.config.reduction === 'auto';
    return Object.values(loss).some((l) => refused(l, depth + 1));
  };
  return !refused(training.loss, 0);
}

/**
 * The optimizer variables of a loaded file as Keras 3 prints them after loading it, or undefined
 * when Keras would not count any. Files with weights tell by their stored optimizer state (a
 * legacy `.h5` by what Keras 3's loader builds, above); a bare config (`model.to_json()`) cannot,
 * and a compiled one is taken as trained — the usual reason to save it. A Keras 3 file of a
 * compiled model never trained stores only the optimizer's scalars (iteration, learning rate), but
 * Keras builds the optimizer when it loads the file and then counts its slot variables too: that
 * is the count given (docs/summary-format.md, "Optimizer params").
 */
export function builtOptimizerVariables(raw: RawModel, analysis: ModelAnalysis, backend: string | undefined): OptimizerVariables | undefined {
  if (raw.format === 'keras-h5') return legacyH5OptimizerVariables(raw.trainingConfig, backend);
  const compile = isObject(raw.config) && isObject(raw.config.compile_config) ? raw.config.compile_config : undefined;
  if (!raw.weights) return compile ? keras3OptimizerVariables(compile.optimizer, modelTotals(analysis), backend) : undefined;
  const stored = storedOptimizerVariables(raw.weights.optimizer);
  const unbuilt = raw.weights.layout === 'keras3' && raw.weights.optimizer.every((t) => t.shape.length === 0);
  if (!stored || !unbuilt) return stored;
  // A subclassed model (a KerasHub task) loads with its optimizer unbuilt (checked in Keras 3.15:
  // optimizer.built is False), the stored scalars skipped: no totals line.
  if (!isModelClass(String(isObject(raw.config) ? raw.config.class_name : ''))) return undefined;
  const shape = compile ? optimizerShape(compile.optimizer) : undefined;
  // the scalars as stored, plus the slots Keras creates on load
  return shape ? withSlots(stored, shape.perVariable, modelTotals(analysis)) : stored;
}
