// Keras 3 files keep a layer's variables in its sub-objects' `vars` (attention projections, wrapped
// layers, RNN cells, stacked cells, nested models). fixtures/keras3/objects.keras was written by real
// Keras with a distinct value in every variable, and objects.expected.json says, by value, which
// datasets hold each variable (scripts/fixtures/keras3_objects.py): the pairing must give every
// weight a tensor Keras loads into it, in the layer's weight order, and the audit must find nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditFile, auditFileJson, readModel } from '../../src/index.js';

const fx = (name: string) => new URL(`../../fixtures/keras3/${name}`, import.meta.url).pathname;

interface ExpectedLayer {
  name: string;
  class_name: string;
  weights: { path: string; shape: number[]; saved: string[] }[];
}
const expected = JSON.parse(readFileSync(fx('objects.expected.json'), 'utf8')) as { layers: ExpectedLayer[] };

describe('Keras 3 sub-object variables paired as Keras loads them (objects.keras)', async () => {
  const model = await readModel(fx('objects.keras'));
  const match = model.weightMatch!;

  it.each(expected.layers.map((l) => [`${l.name} (${l.class_name})`, l] as const))('%s', (_, layer) => {
    const tensors = match.byLayer.get(layer.name)!;
    expect(tensors).toHaveLength(layer.weights.length);
    layer.weights.forEach((w, i) => {
      // the tensor Keras loads last into this variable (a variable two objects save is loaded twice)
      expect(w.saved, w.path).toContain(tensors[i].path);
      expect(tensors[i].shape).toEqual(w.shape);
      expect(match.names!.get(tensors[i])).toBe(w.path.slice(layer.name.length + 1));
    });
    // every dataset holding one of its variables is the layer's (SpectralNormalization's copy too)
    const groups = match.groupsOf.get(layer.name)!.flatMap((g) => g.tensors.map((t) => t.path));
    expect(new Set(groups)).toEqual(new Set(layer.weights.flatMap((w) => w.saved)));
  });

  it('nothing is left unpaired', () => {
    expect(match.unmatched).toEqual([]);
    expect(match.unfed).toEqual([]);
  });

  it('the audit finds no weight problem', async () => {
    const report = auditFileJson(await auditFile(fx('objects.keras')));
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
