// One example finding per code: shown in docs/findings.md (generated) and rendered by the report
// tests, so every message template and every report format sees every code.
import type { FindingCode } from '../../audit/codes.js';
import type { FindingOf } from '../../audit/finding.js';

export const EXAMPLE_FINDINGS: { readonly [C in FindingCode]: FindingOf<C> } = {
  'weights-only': { code: 'weights-only', layers: 9, storedParams: 1250858 },
  'config-unanalyzable': { code: 'config-unanalyzable', reason: 'layer "dense" refers to unknown layer "input_9"', errorCode: 'E_BAD_CONFIG' },
  'missing-weight': { code: 'missing-weight', layer: 'dense', weight: 'bias', expected: [10] },
  'unexpected-weight': { code: 'unexpected-weight', layer: 'dense', weight: 'scale', stored: [10] },
  'weight-shape-mismatch': { code: 'weight-shape-mismatch', layer: 'conv2d', weight: 'kernel', expected: [3, 3, 3, 8], stored: [3, 3, 3, 4] },
  'layer-params-mismatch': { code: 'layer-params-mismatch', layer: 'conv2d', expected: 224, stored: 116 },
  'total-params-mismatch': { code: 'total-params-mismatch', expected: 4154, stored: 4046 },
  'layer-count-mismatch': { code: 'layer-count-mismatch', expected: 3, stored: 4 },
  'missing-layer-weights': { code: 'missing-layer-weights', layer: 'dense_1', weights: 2, params: 650 },
  'unexpected-layer-weights': { code: 'unexpected-layer-weights', layer: 'mystery_dense', tensors: 2, params: 33 },
  'weights-unchecked': { code: 'weights-unchecked', layer: 'attention', reason: 'unknown layer class "AttentionWithContext"' },
  'unexpected-dtype': { code: 'unexpected-dtype', stored: 'float16', expected: 'float32', tensors: 6 },
  'mixed-dtypes': { code: 'mixed-dtypes', dtypes: ['float16', 'float32'] },
  'optimizer-state': { code: 'optimizer-state', tensors: 16, params: 3401 },
  'unknown-layer-class': { code: 'unknown-layer-class', layer: 'scale_layer', className: 'ScaleLayer' },
  'non-finite-values': { code: 'non-finite-values', layer: 'dense', weight: 'kernel', nan: 1, inf: 2 },
  'all-zero-tensor': { code: 'all-zero-tensor', layer: 'conv2d', weight: 'kernel' },
  'constant-tensor': { code: 'constant-tensor', layer: 'conv2d', weight: 'kernel', value: 0.5 },
  'lambda-code': { code: 'lambda-code', layer: 'lambda', path: 'config.config.layers[1].config.function', python: '3.11-3.12', names: [], filename: '/home/alice/train.py' },
  'lambda-code-dangerous': {
    code: 'lambda-code-dangerous', layer: 'lambda', path: 'config.config.layers[1].config.function', python: '3.8-3.10',
    names: ['os', 'system'], filename: '/home/alice/train.py', dangerous: ['os', 'system'],
  },
  'lambda-code-undecodable': { code: 'lambda-code-undecodable', layer: 'lambda', path: 'config.config.layers[1].config.function', reason: 'base64: truncated marshal data at byte 22' },
  'lambda-named-function': { code: 'lambda-named-function', layer: 'lambda', path: 'config.config.layers[1].config.function', functionType: 'function', function: 'system', module: 'os' },
  'unsafe-module': { code: 'unsafe-module', layer: 'dense', path: 'config.config.layers[1].config.kernel_initializer', module: 'os', name: 'system' },
  'custom-module': { code: 'custom-module', layer: 'my_layer', path: 'config.config.layers[1]', module: 'my_package.layers', name: 'MyLayer', registeredName: 'my_package>MyLayer' },
  'non-modelling-api': { code: 'non-modelling-api', layer: 'lambda', path: 'config.config.layers[1].config.function', module: 'keras.config', name: 'enable_unsafe_deserialization' },
  'unknown-function-name': { code: 'unknown-function-name', layer: 'dense', path: 'config.config.layers[1].config.activation', key: 'activation', value: 'os.system' },
  'code-loading-layer': { code: 'code-loading-layer', layer: 'tfsm', className: 'TFSMLayer' },
  'path-in-config': { code: 'path-in-config', layer: 'lookup', path: 'config.config.layers[1].config.vocabulary', key: 'vocabulary', value: '/etc/passwd' },
  'unsafe-archive-path': { code: 'unsafe-archive-path', member: '../../evil.txt', detail: 'zip member with unsafe path (path traversal): ../../evil.txt' },
  'archive-compression-ratio': { code: 'archive-compression-ratio', member: 'assets/blob.bin', detail: 'zip member assets/blob.bin: suspicious compression ratio (~1000:1, 268435456 bytes declared)' },
  'archive-size-mismatch': { code: 'archive-size-mismatch', member: 'config.json', detail: 'zip member config.json: declared size 4294967040 does not match inflated size 2731' },
  'archive-member-problem': { code: 'archive-member-problem', member: 'config.json', detail: 'zip member config.json appears twice' },
  'dangling-weight-name': { code: 'dangling-weight-name', layer: 'dense', weight: 'bias' },
  'unlisted-weight-group': { code: 'unlisted-weight-group', group: 'model_weights/orphan_group', params: 4 },
};
