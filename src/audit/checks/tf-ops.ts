// tf.keras 2.x layers that call a TensorFlow API symbol by name (`TFOpLambda`, `SlicingOpLambda`):
// Keras resolves `config.function` in TensorFlow's export table on load, so the name alone decides
// what runs. Classified by the allow/deny table of security/tf-ops.ts.
import { classifyTfOp } from '../security/tf-ops.js';
import { isEnvelope } from '../security/walk.js';
import { configValueCheck } from './config-walk.js';

const TF_OP_LAYERS: ReadonlySet<string> = new Set(['TFOpLambda', 'SlicingOpLambda']);

export const tfOpsCheck = configValueCheck(
  'tf-ops',
  (v) => {
    if (!v.isLayer || !isEnvelope(v.value) || !TF_OP_LAYERS.has(v.value.class_name)) return null;
    const cfg = v.value.config;
    const fn = cfg !== null && typeof cfg === 'object' ? (cfg as { function?: unknown }).function : undefined;
    const op = typeof fn === 'string' ? fn : JSON.stringify(fn ?? null);
    const kind = classifyTfOp(op);
    if (kind === 'pure') return null;
    const payload = { layer: v.layer ?? v.value.class_name, path: `${v.path}.config.function`, className: v.value.class_name, op };
    return { code: kind === 'unsafe' ? 'tf-op-unsafe' : 'tf-op-unknown', ...payload };
  },
  'model',
);
