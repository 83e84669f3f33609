// Keras' "sequential-like" test, which decides between the 3-column and the 4-column ("Connected
// to") summary. Keras groups the model's nodes (layer calls) by depth — the distance from the
// outputs, as `map_graph` computes it — and calls the model sequential-like when every depth holds
// one node with at most one input tensor and no layer is called twice. Same rule in Keras 2.x
// (`_nodes_by_depth`, layer_utils.print_summary) and Keras 3 (summary_utils.print_summary).
import type { ModelGraph } from '../normalize/types.js';

type NodeKey = string;
const keyOf = (layer: string, call: number): NodeKey => `${layer}\u0000${call}`;

export function isSequentialLike(graph: ModelGraph): boolean {
  if (graph.sequential) return true;
  const byName = new Map(graph.layers.map((l) => [l.name, l]));
  // Memoized: the walk below asks again for each parent it steps to, and a node can have tens of
  // thousands of inputs (rebuilding the list every step was quadratic: minutes for 32k inputs).
  const parentLists = new Map<NodeKey, NodeKey[]>();
  const parentsOf = (key: NodeKey): NodeKey[] => {
    let parents = parentLists.get(key);
    if (!parents) {
      const [layer, call] = key.split('\u0000');
      const inputs = byName.get(layer)?.calls[Number(call)]?.inputs ?? [];
      parents = inputs.filter((r) => byName.has(r.layer)).map((r) => keyOf(r.layer, r.node));
      parentLists.set(key, parents);
    }
    return parents;
  };
  const inputCount = (key: NodeKey) => {
    const [layer, call] = key.split('\u0000');
    return byName.get(layer)?.calls[Number(call)]?.inputs.length ?? 0;
  };

  // Nodes in the order Keras' depth-first walk from the outputs finishes them (parents first).
  const finished = new Set<NodeKey>();
  const order: NodeKey[] = [];
  for (const out of graph.outputs) {
    const stack: { key: NodeKey; next: number }[] = [{ key: keyOf(out.layer, out.node), next: 0 }];
    const onStack = new Set<NodeKey>([stack[0].key]);
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (finished.has(top.key)) {
        stack.pop();
        continue;
      }
      const parents = parentsOf(top.key);
      if (top.next < parents.length) {
        const p = parents[top.next++];
        if (!finished.has(p) && !onStack.has(p)) {
          stack.push({ key: p, next: 0 });
          onStack.add(p);
        }
        continue;
      }
      finished.add(top.key);
      order.push(top.key);
      onStack.delete(top.key);
      stack.pop();
    }
  }

  // Depths, outputs first: a node is one deeper than its deepest consumer; a layer's nodes take
  // the deepest depth seen for that layer.
  const nodeDepth = new Map<NodeKey, number>();
  const layerDepth = new Map<string, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const key = order[i];
    const layer = key.split('\u0000')[0];
    const depth = Math.max(nodeDepth.get(key) ?? 0, layerDepth.get(layer) ?? 0);
    layerDepth.set(layer, depth);
    nodeDepth.set(key, depth);
    for (const p of parentsOf(key)) nodeDepth.set(p, Math.max(depth + 1, nodeDepth.get(p) ?? 0));
  }
  // Inputs that do not reach an output still count, at depth 0.
  for (const ref of graph.inputs) if (!layerDepth.has(ref.layer)) nodeDepth.set(keyOf(ref.layer, 0), 0);

  const perDepth = new Map<number, NodeKey[]>();
  for (const [key, depth] of nodeDepth) {
    const nodes = perDepth.get(depth);
    if (nodes) nodes.push(key);
    else perDepth.set(depth, [key]);
  }
  for (const nodes of perDepth.values()) {
    if (nodes.length > 1 || inputCount(nodes[0]) > 1) return false;
  }
  // A layer with two nodes in the model is shared.
  const callsPerLayer = new Map<string, number>();
  for (const key of nodeDepth.keys()) {
    const layer = key.split('\u0000')[0];
    const n = (callsPerLayer.get(layer) ?? 0) + 1;
    if (n > 1) return false;
    callsPerLayer.set(layer, n);
  }
  return true;
}
