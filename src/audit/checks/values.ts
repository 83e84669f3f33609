// --values: streams every stored model tensor through WeightStore.stream, slab by slab (memory stays
// at one slab), for NaN/Inf, all-zero and constant tensors, and per-tensor statistics.
import type { Finding } from '../finding.js';
import type { AuditModel, Check } from '../types.js';
import { StatsAccumulator, type TensorStats } from '../values/stats.js';
import { layerMatch, type LayerPair } from '../weights/pairing.js';

// Weights that are legitimately all-zero or constant (initial biases, normalization offsets,
// scales and running statistics of an untrained layer; a quantized layer's zero points and group
// indices, float8 amax histories before training).
const CONSTANT_BY_DESIGN = /(^|[/_])(bias|beta|gamma|moving_mean|moving_variance|running_mean|running_std|b|b_[a-z]+|g_idx|kernel_zero|embeddings_zero|amax_history)$/;

export const valuesCheck: Check = {
  id: 'values',
  appliesTo: (m, options) => {
    if (!options.values) return 'values not requested (--values)';
    return m.raw.weights ? true : 'no stored weights';
  },
  run: async (m, ctx) => {
    const out: Finding[] = [];
    for (const t of tensorsOf(m)) {
      const acc = new StatsAccumulator();
      for await (const slab of m.raw.weights!.stream(t.path)) acc.add(slab);
      const stats = acc.result(t.layer, t.weight);
      ctx.tensorStats.push(stats);
      out.push(...valueFindings(stats, t.constantByDesign));
    }
    return out;
  },
};

export function valueFindings(s: TensorStats, constantByDesign = CONSTANT_BY_DESIGN.test(s.weight)): Finding[] {
  const out: Finding[] = [];
  if (s.nan || s.inf) out.push({ code: 'non-finite-values', layer: s.layer, weight: s.weight, nan: s.nan, inf: s.inf });
  if (s.count < 2 || constantByDesign || s.nan || s.inf) return out;
  if (s.zeros === s.count) out.push({ code: 'all-zero-tensor', layer: s.layer, weight: s.weight });
  else if (s.min !== null && s.min === s.max) out.push({ code: 'constant-tensor', layer: s.layer, weight: s.weight, value: s.min });
  return out;
}

/** Model tensors with their layer and relative weight name; the pairing's names when there is one. */
function tensorsOf(m: AuditModel): { layer: string; weight: string; path: string; constantByDesign?: boolean }[] {
  const entry = (layer: string, t: { name: string; path: string; shape: readonly number[] }) => {
    const weight = t.name.replace(/:\d+$/, '');
    return { layer, weight, path: t.path, ...(unnamedMaybeConstant(weight, t.shape) ? { constantByDesign: true } : {}) };
  };
  if (m.pairing) {
    // a stored tensor goes by the variable it loads into (Keras 3 files name them only `vars/<i>`)
    const named = (l: LayerPair) => {
      const { pairs, extra } = layerMatch(l);
      return [...pairs.map((p) => ({ layer: l.layer, weight: p.expected.name, path: p.stored.path })), ...extra.map((t) => entry(l.layer, t))];
    };
    return [
      ...m.pairing.layers.flatMap(named),
      ...m.pairing.unmatched.flatMap((u) => u.tensors.map((t) => entry(u.name, t))),
    ];
  }
  // Groups outside the layer list are scanned too: a subclassed model keeps its attributes' there.
  const store = m.raw.weights!;
  return [...store.layers, ...store.unlisted].flatMap((l) => l.tensors.map((t) => entry(l.name, t)));
}

/**
 * A Keras 3 variable is stored as `vars/<i>`, a name that does not say what it is. Only a first
 * variable of rank >= 2 is surely a kernel or embedding table; any other may be a bias (EinsumDense's
 * is 2-d), a norm offset or scale, or a running statistic: constant by design.
 */
function unnamedMaybeConstant(weight: string, shape: readonly number[]): boolean {
  const index = /(?:^|\/)vars\/(\d+)$/.exec(weight)?.[1];
  return index !== undefined && (index !== '0' || shape.length <= 1);
}
