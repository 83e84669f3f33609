// The finding catalogue: every code kerascope's audit can report, with its severity and a short
// explanation. Codes are stable (CI policies and SARIF rule ids refer to them); docs/findings.md is
// generated from this table by scripts/gen-findings-doc.mjs.

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Lower is more severe; `--fail-on` compares ranks. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export type FindingGroup = 'weights' | 'values' | 'security' | 'container';

export interface CodeInfo {
  severity: Severity;
  group: FindingGroup;
  title: string;
  /** why it matters and what to do, one or two sentences */
  help: string;
}

export const FINDING_CODES = {
  'weights-only': {
    severity: 'info', group: 'weights', title: 'Weights-only file',
    help: 'The file holds weights but no model config, so stored weights cannot be compared with the architecture. Pass the config as the model and this file with --weights.',
  },
  'config-unanalyzable': {
    severity: 'warning', group: 'weights', title: 'Config could not be analyzed',
    help: 'The model config could not be turned into a layer graph (the reason is given), so shapes and weights were not checked; the security checks still ran over the raw config.',
  },
  'subclassed-from-storage': {
    severity: 'info', group: 'weights', title: 'Subclassed model read from its stored weights',
    help: 'The config is a subclassed model (a KerasHub backbone or task, a user\'s class) that lists no layers, so what its layers build is unknown and stored weights are not compared with it; the summary lists the stored objects and their params. The security, storage and value checks still ran.',
  },
  'missing-weight': {
    severity: 'error', group: 'weights', title: 'Missing weight',
    help: 'The layer creates this weight (per its config and input shape) but the file does not store it; Keras refuses to load such a file.',
  },
  'unexpected-weight': {
    severity: 'error', group: 'weights', title: 'Unexpected weight',
    help: 'The file stores a weight the layer does not create; the config and the weights come from different models.',
  },
  'weight-shape-mismatch': {
    severity: 'error', group: 'weights', title: 'Weight shape mismatch',
    help: 'The stored tensor has a different shape than the layer builds; Keras raises on load.',
  },
  'misplaced-weight': {
    severity: 'error', group: 'weights', title: 'Weight stored out of order',
    help: 'Keras loads a legacy .h5 layer\'s tensors by position, not by name: the tensor at this place is named for another weight of the layer, so Keras loads it into the wrong variable (silently when the shapes agree). Re-save the weights in the order the layer builds them.',
  },
  'layer-params-mismatch': {
    severity: 'error', group: 'weights', title: 'Layer parameter count mismatch',
    help: 'The values stored for the layer do not add up to the parameter count its config implies.',
  },
  'total-params-mismatch': {
    severity: 'error', group: 'weights', title: 'Total parameter count mismatch',
    help: 'The stored model weights hold a different number of values than the config implies.',
  },
  'layer-count-mismatch': {
    severity: 'error', group: 'weights', title: 'Layer count mismatch',
    help: 'The number of layers with stored weights differs from the number of layers with weights in the config ("You are trying to load a weight file containing N layers into a model with M layers").',
  },
  'missing-layer-weights': {
    severity: 'error', group: 'weights', title: 'Layer has no stored weights',
    help: 'A layer that owns weights has nothing stored for it.',
  },
  'unexpected-layer-weights': {
    severity: 'warning', group: 'weights', title: 'Stored weights for an unknown layer',
    help: 'The file stores weights under a layer name the config does not have.',
  },
  'weights-unchecked': {
    severity: 'info', group: 'weights', title: 'Weights not checked',
    help: 'kerascope cannot compute the weights this layer creates (class not modelled or input shape unknown), so its stored weights were not compared.',
  },
  'unexpected-dtype': {
    severity: 'info', group: 'weights', title: 'Weights stored in another dtype',
    help: 'Weights are stored in a dtype other than the one the config declares (float16/float64/bfloat16 storage). Keras casts on load; the file size and precision differ.',
  },
  'reduced-precision-weights': {
    severity: 'info', group: 'weights', title: 'Weights stored in reduced precision',
    help: 'Weights are stored as float16 or bfloat16, as the config declares: half the bytes of float32 and fewer significant digits. Consumers that expect float32 weights must cast them.',
  },
  'legacy-weight-layout': {
    severity: 'info', group: 'weights', title: 'Legacy weight layout',
    help: 'The layer\'s weights are stored in a layout Keras\' legacy .h5 loader converts: as Keras 1 wrote them (per-gate recurrent arrays, Theano-ordered kernels, ...) or as a Keras 2 file saved under the Theano backend (kernels transposed). Keras 2 converts them on load (keras-formats.md §2.6); Keras 3 cannot load Keras 1 files at all.',
  },
  'mixed-dtypes': {
    severity: 'warning', group: 'weights', title: 'Mixed weight dtypes',
    help: 'Model weights are stored in several floating-point dtypes, some of them not in the dtype the config declares. A mix the config declares (a float16 or bfloat16 layer beside float32 ones, float32 quantization scales) is deliberate and not reported.',
  },
  'optimizer-state': {
    severity: 'info', group: 'weights', title: 'Optimizer state present',
    help: 'The file carries optimizer variables beside the model weights (it was saved after compile/fit); they are not needed for inference and enlarge the file.',
  },
  'unknown-layer-class': {
    severity: 'warning', group: 'security', title: 'Custom or unknown layer class',
    help: 'The layer class is not a Keras built-in: loading needs custom code (custom_objects or a registered class), which runs with the permissions of the loading process.',
  },
  'non-finite-values': {
    severity: 'error', group: 'values', title: 'NaN or Inf values',
    help: 'The tensor contains NaN or infinite values; the model produces non-finite outputs.',
  },
  'all-zero-tensor': {
    severity: 'warning', group: 'values', title: 'All-zero tensor',
    help: 'Every value of the tensor is zero (biases and normalization offsets excepted); the layer passes no signal, typical of an untrained or damaged model.',
  },
  'constant-tensor': {
    severity: 'warning', group: 'values', title: 'Constant tensor',
    help: 'Every value of the tensor is the same (normalization scales and statistics excepted), which trained kernels never are.',
  },
  'lambda-code': {
    severity: 'warning', group: 'security', title: 'Lambda with Python bytecode',
    help: 'The config carries marshalled Python bytecode (a Lambda layer or __lambda__ object) that Keras turns into a function at load time: arbitrary code (CVE-2024-3660). Keras 3 refuses it in safe mode for .keras files only.',
  },
  'lambda-code-dangerous': {
    severity: 'error', group: 'security', title: 'Lambda bytecode reaches the OS or the interpreter',
    help: 'The bytecode references names that run commands, open files or sockets, or evaluate code (os, subprocess, eval, exec, __import__, open, socket, ...). Do not load this model.',
  },
  'lambda-code-undecodable': {
    severity: 'warning', group: 'security', title: 'Lambda code could not be decoded',
    help: 'The config holds Lambda code that is neither base64 nor raw_unicode_escape marshal data, so what it references is unknown.',
  },
  'lambda-named-function': {
    severity: 'warning', group: 'security', title: 'Lambda refers to a function by name',
    help: 'The Lambda names a function (function_type "function" or "raw") that Keras resolves through custom objects; loading needs custom code and the name says what it expects.',
  },
  'unsafe-module': {
    severity: 'error', group: 'security', title: 'Config imports a non-Keras module',
    help: 'A serialized object names a module outside Keras (os, subprocess, builtins, ...); Keras 3 before 3.8 imported and called it on load (CVE-2025-1550).',
  },
  'custom-module': {
    severity: 'warning', group: 'security', title: 'Custom object from a non-Keras package',
    help: 'A serialized object comes from a package outside Keras; loading needs that package (or custom_objects) and runs its code.',
  },
  'non-modelling-api': {
    severity: 'error', group: 'security', title: 'Config calls a non-modelling Keras API',
    help: 'A config object points at a Keras function that is not a model component (enable_unsafe_deserialization, get_file, load_model, ...): a known safe-mode bypass gadget (CVE-2025-8747, CVE-2025-9906).',
  },
  'unknown-function-name': {
    severity: 'warning', group: 'security', title: 'Unknown function referenced by name',
    help: 'A config string names a function (an activation, or a loss or metric of a Keras 2 training config, which load_model compiles) that is not a Keras built-in; loading needs custom code (custom_objects), and the name says what it expects.',
  },
  'code-loading-layer': {
    severity: 'error', group: 'security', title: 'Layer loads external code or files',
    help: 'TFSMLayer loads a SavedModel and TorchModuleWrapper unpickles a torch module when the model is loaded; older Keras releases do so even in safe mode (CVE-2025-49655, CVE-2026-1462).',
  },
  'tf-op-unsafe': {
    severity: 'error', group: 'security', title: 'TensorFlow op that reaches files, network or Python',
    help: 'A tf.keras TFOpLambda/SlicingOpLambda layer calls a TensorFlow function that reads or writes files, reaches the network, loads libraries or runs Python (io.write_file, io.gfile.*, py_function, summary writers, raw_ops.WriteFile, ...); tf.keras looks the name up and calls it when the model runs. Do not load this model.',
  },
  'tf-op-unknown': {
    severity: 'warning', group: 'security', title: 'Unclassified TensorFlow op',
    help: 'A tf.keras TFOpLambda/SlicingOpLambda layer calls a TensorFlow function that is neither plain tensor maths nor a known file/network/Python op; check what it does before loading.',
  },
  'path-in-config': {
    severity: 'warning', group: 'security', title: 'File path or URL in config',
    help: 'A config value is a file path or URL that Keras reads at load time (e.g. a StringLookup vocabulary): local file read or SSRF (CVE-2025-12058).',
  },
  'unsafe-archive-path': {
    severity: 'error', group: 'container', title: 'Archive member with an unsafe path',
    help: 'A zip member name is absolute or climbs out of the archive (../); extracting it writes outside the target folder.',
  },
  'archive-compression-ratio': {
    severity: 'warning', group: 'container', title: 'Suspicious compression ratio',
    help: 'A zip member inflates far beyond its compressed size (zip bomb pattern).',
  },
  'archive-size-mismatch': {
    severity: 'warning', group: 'container', title: 'Archive member size mismatch',
    help: 'A zip member declares an uncompressed size that differs from what it inflates to; readers that trust the declared size can be made to allocate gigabytes.',
  },
  'archive-member-problem': {
    severity: 'warning', group: 'container', title: 'Archive member problem',
    help: 'A zip member is duplicated, encrypted or uses an unsupported compression method; kerascope skipped it.',
  },
  'ambiguous-container': {
    severity: 'info', group: 'container', title: 'File readable as two containers',
    help: 'The bytes are also a valid container of another kind (e.g. an archive whose stored weights member puts an HDF5 signature at byte 512, 1024, 2048, …); Keras picks its loader by the file name. The other reading carries no model config, so both loaders build the same model or none.',
  },
  'polyglot-container': {
    severity: 'warning', group: 'container', title: 'Two models in one file',
    help: 'The bytes are both a .keras zip and an HDF5 file (or a tfjs model.json and a Keras config), and the second reading carries a model config of its own or could not be opened: Keras loads one or the other depending on the file name, so a renamed copy runs a different config. Both configs were audited; a file made this way by accident is rare.',
  },
  'missing-weight-shard': {
    severity: 'error', group: 'container', title: 'Weight shard missing',
    help: 'The sharded weights index (*.weights.json) names a shard file that is not beside it; Keras cannot load the weights it holds.',
  },
  'unindexed-weight-shard': {
    severity: 'warning', group: 'container', title: 'Weight shard not in the index',
    help: 'A shard file named like this index\'s shards lies beside it but the index does not name it; Keras never reads it (a stale shard of an earlier save?).',
  },
  'archive-pickle': {
    severity: 'warning', group: 'container', title: 'Pickle inside the archive',
    help: 'An archive member Keras does not write holds pickle data (a pickle file, a NumPy object array, a PyTorch file). Keras never unpickles it, but whoever does runs the globals it names; none of them is known to be dangerous. The globals are listed (walked opcode by opcode, never unpickled).',
  },
  'archive-pickle-dangerous': {
    severity: 'error', group: 'container', title: 'Pickle inside the archive imports dangerous globals',
    help: 'An archive member holds pickle data whose globals run commands, open files or sockets, or evaluate code when unpickled (os.system, subprocess.Popen, builtins.eval, ...). Do not unpack and load it.',
  },
  'archive-executable': {
    severity: 'warning', group: 'container', title: 'Script or executable inside the archive',
    help: 'An archive member is a script or native code (by its name: .py, .sh, .exe, .dll, .so, ...; or by its first bytes: ELF, PE, Mach-O, #!, .pyc). Keras never writes or runs such members; something else packed it in.',
  },
  'extension-mismatch': {
    severity: 'info', group: 'container', title: 'Extension contradicts the content',
    help: 'The file name says one container (.keras: a zip archive; .h5/.hdf5: HDF5; .json: a config) but the bytes are another. Keras picks its loader by the name, so as named the file fails to load, or loads a different model if it is a polyglot; rename it to match its content.',
  },
  'tfjs-unloadable': {
    severity: 'info', group: 'container', title: 'TensorFlow.js will not load it',
    help: 'The tfjs model.json names a layer class TensorFlow.js Layers does not have, or gives an input shape as Keras 3 batch_shape, which tfjs-layers does not read: loadLayersModel fails. Keras may still load the model.',
  },
  'dangling-weight-name': {
    severity: 'error', group: 'container', title: 'Weight listed but not stored',
    help: 'weight_names lists a weight whose dataset is missing from the file.',
  },
  'unlisted-weight-group': {
    severity: 'warning', group: 'container', title: 'Weight group not listed',
    help: 'The file has a weight group that layer_names does not list; Keras ignores it.',
  },
} as const satisfies Record<string, CodeInfo>;

export type FindingCode = keyof typeof FINDING_CODES;

export function severityOf(code: FindingCode): Severity {
  return FINDING_CODES[code].severity;
}
