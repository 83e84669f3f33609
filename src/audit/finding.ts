// Findings: a discriminated union on `code`, each variant with its own typed payload. Text is
// rendered later (src/report/messages.ts); severity comes from the catalogue (codes.ts).
import type { DType } from '../readers/types.js';
import type { FindingCode } from './codes.js';

type Shape = readonly number[];

/** Code-specific payloads. `layer`/`weight` say where, when the finding has a place. */
interface Payloads {
  'weights-only': { layers: number; storedParams: number };
  'config-unanalyzable': { reason: string; errorCode: string };
  'subclassed-from-storage': { className: string; registeredName: string | null; objects: number; storedParams: number };
  'missing-weight': { layer: string; weight: string; expected: Shape };
  'unexpected-weight': { layer: string; weight: string; stored: Shape };
  'weight-shape-mismatch': { layer: string; weight: string; expected: Shape; stored: Shape };
  'misplaced-weight': { layer: string; weight: string; stored: string };
  'layer-params-mismatch': { layer: string; expected: number; stored: number };
  'total-params-mismatch': { expected: number; stored: number };
  'layer-count-mismatch': { expected: number; stored: number };
  'missing-layer-weights': { layer: string; weights: number; params: number };
  'unexpected-layer-weights': { layer: string; tensors: number; params: number };
  'weights-unchecked': { layer: string; reason: string };
  'unexpected-dtype': { stored: DType; expected: string; tensors: number };
  'reduced-precision-weights': { stored: DType; tensors: number };
  'legacy-weight-layout': { layer: string; conversion: string; tensors: number };
  'mixed-dtypes': { dtypes: DType[] };
  'optimizer-state': { tensors: number; params: number };
  'unknown-layer-class': { layer: string; className: string };
  'non-finite-values': { layer: string; weight: string; nan: number; inf: number };
  'all-zero-tensor': { layer: string; weight: string };
  'constant-tensor': { layer: string; weight: string; value: number };
  'lambda-code': LambdaPayload;
  'lambda-code-dangerous': LambdaPayload & { dangerous: string[] };
  'lambda-code-undecodable': { layer?: string; path: string; reason: string };
  'lambda-named-function': { layer?: string; path: string; functionType: string; function: string; module?: string };
  'unsafe-module': ModulePayload;
  'custom-module': ModulePayload & { registeredName?: string };
  'non-modelling-api': ModulePayload;
  'unknown-function-name': { layer?: string; path: string; key: string; value: string };
  'code-loading-layer': { layer: string; className: string };
  'tf-op-unsafe': TfOpPayload;
  'tf-op-unknown': TfOpPayload;
  'path-in-config': { layer?: string; path: string; key: string; value: string };
  'unsafe-archive-path': ArchivePayload;
  'archive-compression-ratio': ArchivePayload;
  'archive-size-mismatch': ArchivePayload;
  'archive-member-problem': ArchivePayload;
  'ambiguous-container': ReadingPayload;
  'polyglot-container': ReadingPayload & { error?: string };
  'missing-weight-shard': { shard: string };
  'unindexed-weight-shard': { shard: string };
  'archive-pickle': PicklePayload;
  'archive-pickle-dangerous': PicklePayload & { dangerous: string[] };
  'archive-executable': { member: string; kind: string; by: 'name' | 'content' | 'name and content' };
  'extension-mismatch': { extension: string; container: string; named: string };
  'tfjs-unloadable': { layer: string; reason: string };
  'dangling-weight-name': { layer: string; weight: string };
  'unlisted-weight-group': { group: string; params: number };
}

interface LambdaPayload {
  layer?: string;
  /** where in the config the code sits, e.g. `config.layers[1].config.function` */
  path: string;
  python: string;
  names: string[];
  /** the author's source file recorded in the bytecode (co_filename) */
  filename: string;
}

/** An archive member the reader flagged; `detail` is the reader's own description. */
interface ArchivePayload {
  member: string;
  detail: string;
}

/** A pickle found in an archive member: the globals it imports, from an opcode walk. */
interface PicklePayload {
  member: string;
  format: 'pickle' | 'npy object array';
  /** `module.name` per global, `?` for a part that was not a plain string */
  globals: string[];
  /** the member's declared size, and how much of it was walked */
  size: number;
  scannedBytes: number;
  /** why the walk ended early */
  stopped?: string;
}

/** The other way a file's bytes read (readers' `otherReadings`). */
interface ReadingPayload {
  /** the container the model was read from, and the other one */
  container: string;
  other: string;
  /** where the other container starts */
  offset: number;
  /** the format the other reading has, when it opened */
  otherFormat?: string;
}

/** A TensorFlow API symbol a TFOpLambda / SlicingOpLambda calls (`op` as stored, e.g. `io.write_file`). */
interface TfOpPayload {
  layer: string;
  path: string;
  className: string;
  op: string;
}

interface ModulePayload {
  layer?: string;
  path: string;
  module: string;
  /** the class or function name the object refers to */
  name: string;
}

// Every code of the catalogue has a payload and vice versa (compile-time check).
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _codesHavePayloads: Exact<keyof Payloads, FindingCode> = true;
void _codesHavePayloads;

export type Finding = { [C in FindingCode]: { readonly code: C } & Readonly<Payloads[C]> }[FindingCode];
export type FindingOf<C extends FindingCode> = Extract<Finding, { code: C }>;

/** The layer a finding names, if any. */
export function findingLayer(f: Finding): string | undefined {
  return 'layer' in f ? f.layer : undefined;
}

/** The weight a finding names, if any. */
export function findingWeight(f: Finding): string | undefined {
  return 'weight' in f ? f.weight : undefined;
}
