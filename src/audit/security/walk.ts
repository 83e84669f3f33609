// Walks a raw config tree (the file's own words, before any dialect mapping) iteratively, telling
// each visitor where it is: a printable path and the layer the value belongs to. Layers are the
// `{class_name, config}` envelopes inside `layers` lists and wrapper slots, at any depth.
import { MAX_NESTING } from '../../readers/limits.js';
import type { OtherReading } from '../../readers/types.js';

export interface Visit {
  value: unknown;
  /** e.g. `config.layers[2].config.activation` */
  path: string;
  /** the key this value sits under (the last non-index step of the path) */
  key: string;
  /** the innermost enclosing layer, nested names joined with `/` */
  layer?: string;
  /** the layer object itself, when `value` is a layer envelope */
  isLayer: boolean;
}

// Keys under which Keras serializes layers (model layer lists, wrappers, RNN cells).
// (`config` holds the bare layer list of Keras 1 / Keras <= 2.2.2 Sequential models.)
const LAYER_LIST_KEYS: ReadonlySet<string> = new Set(['layers', 'config', 'cells']);
const LAYER_SLOT_KEYS: ReadonlySet<string> = new Set(['layer', 'forward_layer', 'backward_layer', 'cell', 'cells']);

/** Every value of `root` (objects, arrays and scalars), depth-first, parents before children. */
export function* walkConfig(root: unknown, rootPath: string): Generator<Visit> {
  type Item = { value: unknown; path: string; key: string; layer?: string; layerSlot: boolean; depth: number };
  const stack: Item[] = [{ value: root, path: rootPath, key: rootPath, layerSlot: false, depth: 0 }];
  while (stack.length) {
    const it = stack.pop()!;
    if (it.depth > MAX_NESTING * 8) continue; // JSON was already depth-limited; this guards hand-made trees
    const isLayer = it.layerSlot && isEnvelope(it.value);
    const layer = isLayer ? joinLayer(it.layer, layerName(it.value as Envelope)) : it.layer;
    yield { value: it.value, path: it.path, key: it.key, layer, isLayer };
    const children: Item[] = [];
    if (Array.isArray(it.value)) {
      it.value.forEach((v, i) =>
        children.push({ value: v, path: `${it.path}[${i}]`, key: it.key, layer, layerSlot: LAYER_LIST_KEYS.has(it.key), depth: it.depth + 1 }),
      );
    } else if (it.value !== null && typeof it.value === 'object') {
      for (const [k, v] of Object.entries(it.value as Record<string, unknown>)) {
        children.push({ value: v, path: `${it.path}.${k}`, key: k, layer, layerSlot: LAYER_SLOT_KEYS.has(k), depth: it.depth + 1 });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

export interface Envelope {
  class_name: string;
  config?: unknown;
  module?: unknown;
  registered_name?: unknown;
}

export function isEnvelope(v: unknown): v is Envelope {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as Envelope).class_name === 'string';
}

function layerName(e: Envelope): string {
  const cfg = e.config;
  if (cfg && typeof cfg === 'object' && !Array.isArray(cfg) && typeof (cfg as { name?: unknown }).name === 'string') {
    return (cfg as { name: string }).name;
  }
  return e.class_name;
}

function joinLayer(outer: string | undefined, inner: string): string {
  return outer ? `${outer}/${inner}` : inner;
}

/** The config trees of a model file that can carry code: the model config and the training config. */
export function configRoots(raw: ConfigCarrier, which: 'all' | 'model' = 'all'): [unknown, string][] {
  const roots: [unknown, string][] = [];
  if (raw.config !== null && raw.config !== undefined) roots.push([raw.config, 'config']);
  // A .keras reader may hand out config.compile_config as the training config: walk it once.
  const inside = raw.config !== null && typeof raw.config === 'object' && (raw.config as { compile_config?: unknown }).compile_config === raw.trainingConfig;
  if (which === 'all' && raw.trainingConfig !== null && raw.trainingConfig !== undefined && !inside) roots.push([raw.trainingConfig, 'training_config']);
  // The configs of the file's other readings (a polyglot's second container): a loader may run them.
  for (const r of raw.otherReadings ?? []) {
    for (const [root, name] of configRoots(r, which)) roots.push([root, `${r.container}@${r.offset}:${name}`]);
  }
  // A preset's tokenizer and preprocessor configs are deserialized by the same loader.
  for (const c of raw.companions ?? []) roots.push([c.config, c.name]);
  return roots;
}

/** A raw model, or one of its other readings. */
type ConfigCarrier = { config: unknown; trainingConfig?: unknown; otherReadings?: readonly OtherReading[]; companions?: readonly { name: string; config: unknown }[] };
