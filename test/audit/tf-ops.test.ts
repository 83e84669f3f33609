// The TF op table: names as tf.keras writes them (TF API names without `tf.`, v1-only symbols under
// `compat.v1.`), classified by what the TensorFlow function does per the TF API docs.
import { describe, expect, test } from 'vitest';
import { classifyTfOp, normalizeTfOpName } from '../../src/audit/security/tf-ops.js';

describe('classifyTfOp', () => {
  test.each([
    // files, network, Python, libraries
    'io.write_file', 'io.read_file', 'io.gfile.GFile', 'io.gfile.remove', 'io.matching_files', 'read_file',
    'compat.v1.gfile.Open', 'py_function', 'numpy_function', 'compat.v1.py_func', 'summary.scalar',
    'summary.create_file_writer', 'data.experimental.save', 'load_op_library', 'raw_ops.WriteFile',
    'raw_ops.ReadFile', 'raw_ops.MatchingFiles', 'raw_ops.PyFunc', 'raw_ops.EagerPyFunc', 'raw_ops.SaveV2',
    'raw_ops.WriteScalarSummary', 'raw_ops.CreateSummaryFileWriter', 'raw_ops.WholeFileReaderV2',
    'raw_ops.DebugIdentityV2', 'tf.io.write_file', 'saved_model.load',
  ])('%s is unsafe', (op) => expect(classifyTfOp(op)).toBe('unsafe'));

  test.each([
    // every op the shared corpus' tf.keras models use, and common maths
    '__operators__.add', '__operators__.getitem', 'cast', 'concat', 'math.multiply', 'math.not_equal',
    'math.reduce_any', 'math.reduce_mean', 'math.subtract', 'ones_like', 'nn.softmax', 'linalg.matmul',
    'compat.v1.math.add', 'reshape', 'image.resize', 'io.decode_png', 'strings.length',
  ])('%s is pure', (op) => expect(classifyTfOp(op)).toBe('pure'));

  test.each(['print', 'raw_ops.AddV2', 'io.TFRecordOptions', 'distribute.get_strategy', 'keras.backend.relu'])(
    '%s is unknown',
    (op) => expect(classifyTfOp(op)).toBe('unknown'),
  );

  test('deny wins over a broader allow pattern, and prefixes do not hide a name', () => {
    expect(normalizeTfOpName('tf.compat.v1.compat.v1.io.gfile.GFile')).toBe('io.gfile.GFile');
    expect(classifyTfOp('compat.v2.io.write_file')).toBe('unsafe');
  });
});
