// Loss and metric names of training configs Keras would look up on compile: the file's own, and a
// polyglot's other reading's, whose finding paths are named as the config walk names that reading.
import { expect, test } from 'vitest';
import { trainingConfigCheck } from '../../src/audit/checks/training-config.js';
import { rawModel } from './helpers.js';

const ctx = { options: { values: false }, tensorStats: [] };

test('names Keras lacks are found in the training config and in an other reading, by the same path scheme', async () => {
  const raw = {
    ...rawModel(undefined),
    trainingConfig: { loss: 'mse', metrics: ['accuracy', 'my_metric'] },
    otherReadings: [{ container: 'hdf5' as const, offset: 2048, format: 'keras-h5' as const, config: {}, trainingConfig: { loss: { out: 'evil_loss' } } }],
  };
  expect(await trainingConfigCheck.run({ file: raw.file, raw, model: null, pairing: null }, ctx)).toEqual([
    { code: 'unknown-function-name', path: 'training_config.metrics[1]', key: 'metrics', value: 'my_metric' },
    { code: 'unknown-function-name', path: 'hdf5@2048:training_config.loss.out', key: 'loss', value: 'evil_loss' },
  ]);
});
