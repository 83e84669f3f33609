// Every layer family with weights states its cost, and docs/cost.md restates the per-element table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ALL_LAYER_SPECS } from '../../src/layers/registry.js';
import { OPS_PER_ELEMENT } from '../../src/layers/cost-math.js';

describe('cost coverage', () => {
  test('every layer class that owns weights has a cost formula', () => {
    const missing = ALL_LAYER_SPECS.filter((s) => s.weights && !s.cost).map((s) => s.names[0]);
    expect(missing).toEqual([]);
  });

  test('docs/cost.md lists every per-element operation with the number the code uses', () => {
    const doc = readFileSync(join(__dirname, '../../docs/cost.md'), 'utf8');
    for (const [name, ops] of Object.entries(OPS_PER_ELEMENT)) {
      expect(doc, name).toMatch(new RegExp(`^\\| \`${name}\` \\| ${ops} \\|`, 'm'));
    }
  });
});
