// The coverage table behind `kerascope layers` and docs/layers.md: every class our layer table
// answers to, plus every layer class Keras 3 exports, each with the family and status it has here.
import { ALL_LAYER_SPECS } from './registry.js';
import { KERAS3_LAYER_CLASSES, KERAS3_LAYERS_VERSION } from './keras3-builtins.js';
import type { Category, QuantizationCoverage } from './types.js';
import { lookupTable } from '../types/lookup.js';

/**
 * `implemented`: its own entry; `alias`: another name of an implemented class; `opaque`: exported by
 * keras.layers but nothing a config can describe (a base class, or a bridge to code Keras runs);
 * `missing`: a Keras 3 layer we do not know.
 */
export type CoverageStatus = 'implemented' | 'alias' | 'opaque' | 'missing';

export interface CoverageRow {
  className: string;
  /** the family module that handles it; null when missing or opaque */
  family: Category | null;
  /** Keras major versions that have the class, e.g. `1, 2, 3` */
  versions: string;
  status: CoverageStatus;
  /** for an alias, the class it stands for; for an opaque export, why */
  note?: string;
  /** whether Keras 3's keras.layers exports this name */
  keras3: boolean;
  /** Keras 3 quantization modes and LoRA whose variables are built as Keras builds them */
  quantization?: QuantizationCoverage;
}

export interface LayerCoverage {
  keras3Version: string;
  rows: CoverageRow[];
  counts: Record<CoverageStatus, number>;
}

/** keras.layers exports whose shapes and weights no config states. */
const OPAQUE: Readonly<Record<string, string>> = lookupTable({
  Layer: 'base class: files name its subclasses',
  Wrapper: 'base class of the wrappers',
  JaxLayer: 'runs JAX functions: shapes and weights come from executing them',
  FlaxLayer: 'runs a Flax module: shapes and weights come from executing it',
  TorchModuleWrapper: 'holds a pickled torch module: its weights come from unpickling it',
  TFSMLayer: 'loads a TensorFlow SavedModel from disk at run time',
});

export function layerCoverage(): LayerCoverage {
  const keras3 = new Map(KERAS3_LAYER_CLASSES);
  const rows = new Map<string, CoverageRow>();
  // layers first: an operation recorded as a layer (`x * 2.0`) does not stand for the layer of its name (Multiply)
  for (const spec of [...ALL_LAYER_SPECS.filter((x) => !x.op), ...ALL_LAYER_SPECS.filter((x) => x.op)]) {
    const [canonical, ...aliases] = spec.names.filter((n) => !(spec.op && rows.has(n)));
    if (!canonical) continue;
    const base = { family: spec.category, versions: spec.versions, ...(spec.quantization ? { quantization: spec.quantization } : {}) };
    rows.set(canonical, { className: canonical, ...base, status: 'implemented', keras3: keras3.has(canonical) });
    for (const alias of aliases) {
      rows.set(alias, { className: alias, ...base, status: 'alias', note: `alias of ${canonical}`, keras3: keras3.has(alias) });
    }
  }
  for (const [name, cls] of keras3) {
    if (rows.has(name)) continue;
    const opaque = OPAQUE[name];
    rows.set(name, {
      className: name,
      family: null,
      versions: '3',
      status: opaque ? 'opaque' : 'missing',
      ...(opaque ? { note: opaque } : cls !== name ? { note: `alias of ${cls}` } : {}),
      keras3: true,
    });
  }
  const sorted = [...rows.values()].sort((a, b) => (a.className < b.className ? -1 : a.className > b.className ? 1 : 0));
  const counts: Record<CoverageStatus, number> = { implemented: 0, alias: 0, opaque: 0, missing: 0 };
  for (const r of sorted) counts[r.status]++;
  return { keras3Version: KERAS3_LAYERS_VERSION, rows: sorted, counts };
}
