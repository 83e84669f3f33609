// Where Keras 3 keeps each weight in `model.weights.h5` (keras-formats.md §6.2): the same walk the
// reader pairs stored groups with (normalize/weight-owners.ts: snake-cased class with a per-list
// counter, nested models under `<path>/layers`, a shared object once), with each class spelled as
// the written config spells it; within a layer, each weight in the `vars` of every object that
// saves it (WeightSpec.objects: `cell`, `forward_layer/cell`, `query_dense`, …). Every visited
// layer gets a `vars` group (empty when it owns nothing), as Keras 3.6+ writes them.
import type { ModelGraph } from '../normalize/types.js';
import { keras3WeightPaths } from '../normalize/weight-owners.js';
import { layerRef, refuse } from './refuse.js';
import type { PlannedWeight, WeightPlan } from './types.js';

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
  for (const [path, chain] of keras3WeightPaths(graph, (l) => l.className)) {
    const layer = chain[chain.length - 1];
    const objects = new Map<string, PlannedWeight[]>([['', []]]);
    for (const w of byLayer.get(layer) ?? []) {
      // read from a legacy .h5, which keeps a LoRA layer's factors apart: Keras 3 saves its kernel with them merged in
      if (w.saved === false) throw refuse(file, `${layerRef(layer)}: weight "${w.name}" is one Keras 3 does not save (it saves the kernel with the LoRA factors merged in); merging them is not supported yet`);
      for (const o of w.objects) objects.set(o, [...(objects.get(o) ?? []), w]);
    }
    for (const [object, listed] of objects) {
      // save_own_variables' order where it is not the layer's (a quantized kernel, bias, then scales);
      // a layer's weights all have `saved` or none has
      const weights = [...listed].sort((a, b) => Number(a.saved ?? 0) - Number(b.saved ?? 0));
      // a sub-object's name attribute: the innermost scope its weights are named under (`lstm_cell`)
      const scope = weights[0]?.name.split('/').slice(-2, -1)[0] ?? object;
      groups.push({ path: object ? `${path}/${object}/vars` : `${path}/vars`, name: object ? scope : layer.name, weights });
    }
  }
  return groups;
}
