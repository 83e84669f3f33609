// Where Keras 3 keeps each layer's variables in `model.weights.h5` (keras-formats.md §6.2): the
// walk over `model.layers` names each layer by its snake-cased class with a per-list counter
// (Sequential without its InputLayer, Functional with them); RNN layers keep theirs in `cell`,
// Bidirectional in `forward_layer`/`backward_layer`, TimeDistributed in `layer`. Every visited
// object gets a `vars` group (empty when it owns nothing), as Keras 3.6+ writes them.
import type { LayerNode, ModelGraph } from '../normalize/types.js';
import { toSnakeCase } from '../normalize/weight-owners.js';
import { isObject } from '../normalize/config-access.js';
import { layerRef, refuse } from './refuse.js';
import type { PlannedWeight, WeightPlan } from './types.js';

const CELL_LAYERS = new Set(['SimpleRNN', 'LSTM', 'GRU', 'ConvLSTM1D', 'ConvLSTM2D', 'ConvLSTM3D']);
/** layers whose variables live in sub-objects this module does not lay out */
const COMPOSITE = new Set(['MultiHeadAttention', 'GroupedQueryAttention', 'RNN', 'StackedRNNCells']);

export interface VarsGroup {
  /** e.g. `layers/lstm/cell/vars` */
  path: string;
  /** the owning object's name (the `name` attribute Keras 3.6+ writes) */
  name: string;
  weights: PlannedWeight[];
}

export function keras3VarsGroups(graph: ModelGraph, plan: WeightPlan, file: string): VarsGroup[] {
  const byLayer = new Map(plan.layers.map((l) => [l.layer, l.weights]));
  const groups: VarsGroup[] = [{ path: 'vars', name: graph.name, weights: [] }];
  const walk = (g: ModelGraph, base: string) => {
    const used = new Map<string, number>();
    const listed = g.sequential ? g.layers.filter((l) => l.className !== 'InputLayer') : g.layers;
    for (const l of listed) {
      const snake = toSnakeCase(l.className);
      const n = used.get(snake) ?? 0;
      used.set(snake, n + 1);
      const path = `${base}/${n === 0 ? snake : `${snake}_${n}`}`;
      if (l.model) {
        groups.push({ path: `${path}/vars`, name: l.name, weights: [] });
        walk(l.model, `${path}/layers`);
        continue;
      }
      layerGroups(l, l.className, l.config, l.name, path, byLayer.get(l) ?? [], groups, file);
    }
  };
  walk(graph, 'layers');
  return groups;
}

function layerGroups(l: LayerNode, className: string, config: Record<string, unknown>, name: string, path: string, weights: PlannedWeight[], out: VarsGroup[], file: string): void {
  if (COMPOSITE.has(className) && weights.length > 0) {
    throw refuse(file, `${layerRef(l)}: placing the weights of ${className} layers in the Keras 3 layout is not supported yet`);
  }
  out.push({ path: `${path}/vars`, name, weights: CELL_LAYERS.has(className) || className === 'Bidirectional' || className === 'TimeDistributed' ? [] : weights });
  if (CELL_LAYERS.has(className)) {
    out.push({ path: `${path}/cell/vars`, name: `${toSnakeCase(className)}_cell`, weights });
    return;
  }
  if (className !== 'Bidirectional' && className !== 'TimeDistributed') return;
  const inner = config.layer;
  if (!isObject(inner) || typeof inner.class_name !== 'string' || !isObject(inner.config)) {
    throw refuse(file, `${layerRef(l)}: the wrapped layer's config is unreadable`);
  }
  const innerName = typeof inner.config.name === 'string' ? inner.config.name : name;
  if (className === 'TimeDistributed') {
    layerGroups(l, inner.class_name, inner.config, innerName, `${path}/layer`, weights, out, file);
    return;
  }
  if (isObject(config.backward_layer)) throw refuse(file, `${layerRef(l)}: a Bidirectional with its own backward_layer is not supported yet`);
  const half = weights.length / 2;
  layerGroups(l, inner.class_name, inner.config, `forward_${innerName}`, `${path}/forward_layer`, weights.slice(0, half), out, file);
  layerGroups(l, inner.class_name, inner.config, `backward_${innerName}`, `${path}/backward_layer`, weights.slice(half), out, file);
}
