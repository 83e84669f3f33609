import { expect, test } from 'vitest';
import { configRoots, walkConfig } from '../../src/audit/security/walk.js';

test('layers are named through nesting (model > Sequential > wrapper > layer), paths are exact', () => {
  const inner = { class_name: 'Lambda', config: { name: 'lam', function: 'f' } };
  const config = {
    class_name: 'Functional',
    config: { name: 'model', layers: [{ class_name: 'Sequential', config: { name: 'seq', layers: [{ class_name: 'TimeDistributed', config: { name: 'td', layer: inner } }] } }] },
  };
  const fn = [...walkConfig(config, 'config')].find((v) => v.key === 'function')!;
  expect(fn.layer).toBe('seq/td/lam');
  expect(fn.path).toBe('config.config.layers[0].config.layers[0].config.layer.config.function');
  expect([...walkConfig(config, 'config')].filter((v) => v.isLayer).map((v) => v.layer)).toEqual(['seq', 'seq/td', 'seq/td/lam']);
});

test('Keras 1 Sequential: the layer list is the config itself', () => {
  const config = { class_name: 'Sequential', config: [{ class_name: 'Dense', config: { name: 'dense_1' } }] };
  expect([...walkConfig(config, 'config')].filter((v) => v.isLayer).map((v) => v.layer)).toEqual(['dense_1']);
});

test('a compile_config handed out as the training config is walked once', () => {
  const compile = { loss: 'mse' };
  expect(configRoots({ config: { class_name: 'Sequential', compile_config: compile }, trainingConfig: compile })).toHaveLength(1);
  expect(configRoots({ config: { class_name: 'Sequential' }, trainingConfig: { loss: 'mse' } })).toHaveLength(2);
  expect(configRoots({ config: null, trainingConfig: undefined })).toHaveLength(0);
});
