// One sentence per finding, rendered from its payload. Every code must have a renderer (the mapped
// type makes a missing one a compile error).
import type { FindingCode } from '../../audit/codes.js';
import type { Finding, FindingOf } from '../../audit/finding.js';

const shape = (s: readonly number[]) => `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
const num = (n: number) => n.toLocaleString('en-US');
const list = (xs: readonly string[]) => xs.join(', ');
const at = (f: { layer?: string }) => (f.layer ? ` in layer ${f.layer}` : '');

const RENDER: { [C in FindingCode]: (f: FindingOf<C>) => string } = {
  'weights-only': (f) => `no model config: weights-only file (${f.layers} layers with weights, ${num(f.storedParams)} params stored)`,
  'config-unanalyzable': (f) => `the model config could not be analyzed, weights not checked: ${f.reason} [${f.errorCode}]`,
  'subclassed-from-storage': (f) =>
    `subclassed model "${f.registeredName ?? f.className}" lists no layers: ${num(f.storedParams)} params in ${f.objects} stored objects summarized from storage, not compared with what its layers build`,
  'missing-weight': (f) => `weight ${f.layer}/${f.weight} missing: the layer creates it with shape ${shape(f.expected)} but it is not stored`,
  'unexpected-weight': (f) => `weight ${f.layer}/${f.weight} ${shape(f.stored)} is stored but the layer does not create it`,
  'weight-shape-mismatch': (f) => `weight ${f.layer}/${f.weight} shape mismatch: expected ${shape(f.expected)}, stored ${shape(f.stored)}`,
  'misplaced-weight': (f) => `weight ${f.layer}/${f.weight} is loaded from the tensor stored as ${f.stored}: Keras loads legacy .h5 weights by position, so they land in the wrong variables`,
  'layer-params-mismatch': (f) => `layer ${f.layer} stores ${num(f.stored)} params, its config implies ${num(f.expected)}`,
  'total-params-mismatch': (f) => `stored weights hold ${num(f.stored)} params, the config implies ${num(f.expected)}`,
  'layer-count-mismatch': (f) => `the file stores weights for ${f.stored} layers, the config has ${f.expected} layers with weights`,
  'missing-layer-weights': (f) => `layer ${f.layer} has no stored weights (expected ${f.weights} weights, ${num(f.params)} params)`,
  'unexpected-layer-weights': (f) => `layer ${f.layer} has stored weights (${f.tensors} tensors, ${num(f.params)} params) but is not in the model config`,
  'weights-unchecked': (f) => `weights of layer ${f.layer} not checked: ${f.reason}`,
  'unexpected-dtype': (f) => `weights stored as ${f.stored} (${f.tensors} tensors; the config declares ${f.expected})`,
  'reduced-precision-weights': (f) => `weights stored as ${f.stored} (${f.tensors} tensors, as the config declares; half the bytes and precision of float32)`,
  'legacy-weight-layout': (f) => `layer ${f.layer} stores its ${f.tensors} weights in a legacy layout, which Keras 2 converts on load: ${f.conversion}`,
  'mixed-dtypes': (f) => `model weights are stored in several dtypes: ${list(f.dtypes)}`,
  'optimizer-state': (f) => `optimizer state stored beside the weights (${f.tensors} tensors, ${num(f.params)} values)`,
  'unknown-layer-class': (f) => `layer ${f.layer} has class ${f.className}, which is not a Keras built-in: loading needs custom code`,
  'non-finite-values': (f) => `weight ${f.layer}/${f.weight} contains ${f.nan} NaN and ${f.inf} Inf values`,
  'all-zero-tensor': (f) => `weight ${f.layer}/${f.weight} is all zeros`,
  'constant-tensor': (f) => `weight ${f.layer}/${f.weight} is constant (every value is ${f.value})`,
  'lambda-code': (f) => `lambda function with Python bytecode${at(f)} (CPython ${f.python}; references ${f.names.length ? list(f.names) : 'no names'}${f.filename ? `; written from ${f.filename}` : ''})`,
  'lambda-code-dangerous': (f) =>
    `lambda function with Python bytecode${at(f)} that uses ${list(f.dangerous)} (CPython ${f.python}; references ${list(f.names)}${f.filename ? `; written from ${f.filename}` : ''})`,
  'lambda-code-undecodable': (f) => `lambda function code${at(f)} could not be decoded (${f.reason}) at ${f.path}`,
  'lambda-named-function': (f) => `${f.layer ? `lambda layer ${f.layer}` : `lambda at ${f.path}`} refers to function ${f.module ? `${f.module}.` : ''}${f.function} by name (function_type ${f.functionType}); loading needs custom code`,
  'unsafe-module': (f) => `config object at ${f.path}${at(f)} imports ${f.module}.${f.name} (module outside Keras; CVE-2025-1550)`,
  'custom-module': (f) => `custom object ${f.registeredName ?? f.name} from module ${f.module}${at(f)}: loading needs that package`,
  'non-modelling-api': (f) => `config object at ${f.path}${at(f)} calls ${f.module}.${f.name}, a non-modelling Keras API (safe-mode bypass gadget)`,
  'unknown-function-name': (f) => `${f.key} "${f.value}"${at(f)} is not a Keras built-in function: loading needs custom code`,
  'code-loading-layer': (f) => `layer ${f.layer} is a ${f.className}, which loads external code or files when the model is loaded`,
  'tf-op-unsafe': (f) => `layer ${f.layer} (${f.className}) calls tf.${f.op}, which reaches files, the network or Python when the model runs`,
  'tf-op-unknown': (f) => `layer ${f.layer} (${f.className}) calls tf.${f.op}, a TensorFlow function that is neither tensor maths nor a known unsafe op`,
  'path-in-config': (f) => `${f.key} "${f.value}"${at(f)} is a path or URL that Keras reads when loading`,
  'unsafe-archive-path': (f) => f.detail,
  'archive-compression-ratio': (f) => f.detail,
  'archive-size-mismatch': (f) => f.detail,
  'archive-member-problem': (f) => f.detail,
  'ambiguous-container': (f) => `also a${f.other === 'hdf5' ? 'n' : ''} ${f.other} file at byte ${f.offset} (${f.otherFormat ?? 'unreadable'}, no model config); read as ${f.container}`,
  'polyglot-container': (f) =>
    `also a${f.other === 'hdf5' ? 'n' : ''} ${f.other} file at byte ${f.offset} ` +
    (f.error ? `that could not be read (${f.error})` : `carrying its own model config (${f.otherFormat}), audited too`) +
    `; read as ${f.container}, Keras loads one or the other by the file's name`,
  'missing-weight-shard': (f) => `weights shard ${f.shard} named by the index is missing`,
  'unindexed-weight-shard': (f) => `weights shard ${f.shard} lies beside the index but the index does not name it`,
  'archive-pickle': (f) => `archive member ${f.member} is ${f.format === 'pickle' ? 'a pickle' : 'a NumPy object array (pickled)'} importing ${f.globals.length ? list(f.globals) : 'no globals'}${f.stopped ? `; walk stopped: ${f.stopped}` : ''}`,
  'archive-pickle-dangerous': (f) => `archive member ${f.member} is ${f.format === 'pickle' ? 'a pickle' : 'a NumPy object array (pickled)'} that imports ${list(f.dangerous)} (all globals: ${list(f.globals)})`,
  'archive-executable': (f) => `archive member ${f.member} is a ${f.kind} (by ${f.by}); Keras does not write such members`,
  'extension-mismatch': (f) => `the file is named ${f.extension} (a ${f.named} file to Keras) but its content is a ${f.container} file: Keras picks its loader by the name`,
  'tfjs-unloadable': (f) => `TensorFlow.js cannot load layer ${f.layer}: ${f.reason}`,
  'dangling-weight-name': (f) => `weight ${f.layer}/${f.weight} listed in weight_names but dataset missing`,
  'unlisted-weight-group': (f) => `group ${f.group} not listed in layer_names (${num(f.params)} params)`,
};

export function findingMessage(f: Finding): string {
  return (RENDER[f.code] as (f: Finding) => string)(f);
}
