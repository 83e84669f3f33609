// Storage dtypes of model weights against the dtype the config declares.
import type { DType } from '../../readers/types.js';
import type { Finding } from '../finding.js';
import type { AuditModel, Check } from '../types.js';
import { needsPairing } from './applies.js';
import { layerMatch } from '../weights/pairing.js';

const FLOAT_DTYPES: ReadonlySet<DType> = new Set(['float16', 'bfloat16', 'float32', 'float64']);
/** declared and stored alike, still worth a word: consumers often assume float32 */
const REDUCED_PRECISION: ReadonlySet<DType> = new Set(['float16', 'bfloat16']);

export const dtypesCheck: Check = {
  id: 'dtypes',
  // without a config nothing declares a dtype to compare with
  appliesTo: needsPairing,
  run: (m) => {
    const tensors = storedFloatTensors(m);
    const out: Finding[] = [];
    const unexpected = new Map<string, { stored: DType; expected: string; tensors: number }>();
    const reduced = new Map<DType, number>();
    for (const t of tensors) {
      if (t.dtype === t.expected) {
        if (REDUCED_PRECISION.has(t.dtype)) reduced.set(t.dtype, (reduced.get(t.dtype) ?? 0) + 1);
        continue;
      }
      const key = `${t.dtype}|${t.expected}`;
      const row = unexpected.get(key) ?? { stored: t.dtype, expected: t.expected, tensors: 0 };
      row.tensors++;
      unexpected.set(key, row);
    }
    for (const row of unexpected.values()) out.push({ code: 'unexpected-dtype', ...row });
    for (const [stored, n] of reduced) out.push({ code: 'reduced-precision-weights', stored, tensors: n });
    // several dtypes, each as the config declares it (float16 layers beside float32 ones), are a deliberate mix
    const dtypes = [...new Set(tensors.map((t) => t.dtype))].sort();
    if (dtypes.length > 1 && unexpected.size > 0) out.push({ code: 'mixed-dtypes', dtypes });
    return out;
  },
};

function storedFloatTensors(m: AuditModel): { dtype: DType; expected: string }[] {
  const out: { dtype: DType; expected: string }[] = [];
  for (const l of m.pairing!.layers) {
    // each variable's own dtype (float8 scales stay float32 in a bfloat16 layer); the layer's otherwise
    const { pairs, extra } = layerMatch(l);
    // a Keras 3 file holds what save_own_variables writes (WeightSpec.savedDtype: LoRA merged on save)
    const saved = (w: (typeof pairs)[number]['expected']) => (l.loadsBy === 'path' ? w.savedDtype : undefined) ?? w.dtype ?? l.dtype;
    for (const p of pairs) out.push({ dtype: p.stored.dtype, expected: saved(p.expected) });
    for (const t of extra) out.push({ dtype: t.dtype, expected: l.dtype });
  }
  for (const u of m.pairing!.unmatched) for (const t of u.tensors) out.push({ dtype: t.dtype, expected: 'float32' });
  return out.filter((t) => FLOAT_DTYPES.has(t.dtype));
}
