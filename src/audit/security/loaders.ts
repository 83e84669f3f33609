// Which Keras loaders would run what a code-bearing finding points at, per the container it sits
// in: stated from the Keras documentation (load_model: "safe_mode ... only applicable to the Keras
// v3 model format") and the advisories of CVE-2024-3660 (Keras < 2.13), CVE-2025-1550 (fixed in
// 3.9.0), CVE-2025-8747 / CVE-2025-9906 (fixed in 3.11.0) and CVE-2025-9905 (fixed in 3.11.3).
import type { FindingCode } from '../codes.js';
import type { FormatId } from '../../readers/types.js';
import type { Finding } from '../finding.js';
import { configLoaderIn, FORMATS, type ConfigLoader } from '../formats.js';

const KERAS2_LAMBDA = 'Keras 2 / tf.keras load_model and model_from_json: run it when loading; safe_mode never covers HDF5 or JSON configs, and Keras before 2.13 has no safe_mode at all (CVE-2024-3660)';
const KERAS3_LEGACY_LAMBDA = 'Keras 3 load_model of a legacy .h5: runs it even with safe_mode=True before 3.11.3 (CVE-2025-9905); 3.11.3 and later refuse it unless safe_mode=False';
const KERAS3_LAMBDA = 'Keras 3 (and tf.keras 2.13+) load_model of a .keras archive: refused with safe_mode=True (the default); runs with safe_mode=False or after keras.config.enable_unsafe_deserialization(), which a config could call by itself before 3.11.0 (CVE-2025-9906)';
const KERAS3_MODULE = 'Keras 3 load_model before 3.9: imports the module and calls it even with safe_mode=True (CVE-2025-1550); 3.9 and later refuse modules outside Keras';
const KERAS3_GADGET = 'Keras 3 load_model before 3.11.0: calls it even with safe_mode=True (CVE-2025-8747, CVE-2025-9906); 3.11.0 and later refuse non-modelling functions';
const TF_OP = 'tf.keras 2.x load_model / model_from_json: looks the TensorFlow function up by name and calls it whenever the model runs; safe_mode does not cover it (Keras 3 has no TFOpLambda layer and cannot load the model)';
const PICKLE = 'no Keras loader reads this member: it runs only when something unpickles it (pickle.load, numpy.load(allow_pickle=True), torch.load)';

const TABLE: Partial<Record<FindingCode, Partial<Record<ConfigLoader, readonly string[]>>>> = {
  'lambda-code': { legacy: [KERAS2_LAMBDA, KERAS3_LEGACY_LAMBDA], json: [KERAS2_LAMBDA], archive: [KERAS3_LAMBDA] },
  'lambda-code-dangerous': { legacy: [KERAS2_LAMBDA, KERAS3_LEGACY_LAMBDA], json: [KERAS2_LAMBDA], archive: [KERAS3_LAMBDA] },
  'unsafe-module': { archive: [KERAS3_MODULE], legacy: [KERAS3_MODULE] },
  'non-modelling-api': { archive: [KERAS3_GADGET], legacy: [KERAS3_GADGET] },
  'tf-op-unsafe': { legacy: [TF_OP], json: [TF_OP] },
  'archive-pickle': { archive: [PICKLE] },
  'archive-pickle-dangerous': { archive: [PICKLE] },
};

/** A config path in a polyglot's other reading (`hdf5@2048:config.config.layers[1]`, security/walk.ts). */
const OTHER_READING = /^(\w+)@\d+:/;

/**
 * What each Keras loader does with the code a finding points at, in a file of `format`; empty if not
 * code-bearing. A finding in a polyglot's other reading is run by that reading's loader.
 */
export function loadersThatRun(f: Finding, format: FormatId | string | undefined): readonly string[] {
  const reading = 'path' in f ? OTHER_READING.exec(f.path)?.[1] : undefined;
  const loader = reading ? configLoaderIn(reading) : format && format in FORMATS ? FORMATS[format as FormatId].loader : 'none';
  return TABLE[f.code]?.[loader] ?? [];
}
