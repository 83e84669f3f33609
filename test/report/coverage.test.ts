import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { layerCoverage } from '../../src/layers/coverage.js';
import { KERAS3_LAYER_CLASSES, KERAS3_LAYERS_VERSION } from '../../src/layers/keras3-builtins.js';
import { ALL_LAYER_SPECS } from '../../src/layers/registry.js';
import { coverageJson, renderCoverageMarkdown, renderCoverageText } from '../../src/report/coverage.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('layer coverage table', () => {
  const coverage = layerCoverage();
  const byName = new Map(coverage.rows.map((r) => [r.className, r]));

  test('docs/layers.md is the current table (regenerate with `npm run docs:layers`)', () => {
    expect(read('docs/layers.md')).toBe(renderCoverageMarkdown(coverage));
  });

  test('the static Keras 3 list is the one real Keras recorded (fixtures/keras3-layer-classes.json)', () => {
    const fixture = JSON.parse(read('fixtures/keras3-layer-classes.json')) as { keras_version: string; classes: { name: string; class: string }[] };
    expect(KERAS3_LAYERS_VERSION).toBe(fixture.keras_version);
    expect(KERAS3_LAYER_CLASSES).toEqual(fixture.classes.map((c) => [c.name, c.class]));
  });

  test('every registered name is listed once, canonical names as implemented', () => {
    const names = [...new Set(ALL_LAYER_SPECS.flatMap((s) => s.names))];
    expect(coverage.rows.filter((r) => names.includes(r.className))).toHaveLength(names.length);
    for (const spec of ALL_LAYER_SPECS.filter((s) => !s.op)) expect(byName.get(spec.names[0])).toMatchObject({ status: 'implemented', family: spec.category });
    // an operation recorded as a layer is listed under its name unless a layer has that name (the merge layer Multiply)
    expect(byName.get('Multiply')).toMatchObject({ status: 'implemented', versions: '2, 3', keras3: true });
    expect(byName.get('TrueDivide')).toMatchObject({ status: 'implemented', versions: '3', keras3: false });
  });

  test('every Keras 3 export is listed; the ones no config describes are opaque, not missing', () => {
    for (const [name] of KERAS3_LAYER_CLASSES) expect(byName.get(name)?.keras3).toBe(true);
    expect(byName.get('TorchModuleWrapper')).toMatchObject({ status: 'opaque', family: null });
    expect(byName.get('GroupQueryAttention')).toMatchObject({ status: 'alias', note: 'alias of GroupedQueryAttention' });
    expect(byName.get('CuDNNLSTM')).toMatchObject({ status: 'implemented', versions: '2', keras3: false });
  });

  test('counts add up, in every format', () => {
    const { implemented, alias, opaque, missing } = coverage.counts;
    expect(implemented + alias + opaque + missing).toBe(coverage.rows.length);
    const counts = `${coverage.rows.length} classes: ${implemented} implemented, ${alias} aliases, ${opaque} opaque, ${missing} missing`;
    expect(renderCoverageText(coverage)).toContain(counts);
    expect(renderCoverageMarkdown(coverage)).toContain(counts);
    const json = coverageJson(coverage) as { layers: { class_name: string; versions: number[] }[] };
    expect(json.layers).toHaveLength(coverage.rows.length);
    expect(json.layers.find((l) => l.class_name === 'LSTM')!.versions).toEqual([1, 2, 3]);
  });
});
