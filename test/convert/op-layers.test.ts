// Keras 3 op layers (`x != 0`, keras.ops.greater, `h[:, 1:]`: keras.src.ops.numpy classes, no
// keras.layers class) converted to .keras are written as real Keras 3 wrote them in op_layers.keras
// (scripts/fixtures/keras3_op_layers.py): module, class, config and call arguments, constants and
// keys included (real Keras 3 loading the output is scripts/verify-convert.mjs --keras3's part).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, expect, it } from 'vitest';
import { convertModel } from '../../src/index.js';

const source = new URL('../../fixtures/keras3/op_layers.keras', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kerascope-op-layers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface LayerObject { module: string; class_name: string; config: unknown; registered_name: unknown; inbound_nodes: unknown }
const layersOf = (archive: string): LayerObject[] => JSON.parse(new TextDecoder().decode(unzipSync(readFileSync(archive))['config.json'])).config.layers;

it('--to keras: each op layer as Keras 3 wrote it, with its constant operands and keys', async () => {
  const out = join(dir, 'op_layers.keras');
  await convertModel(source, { to: 'keras', out });
  const want = layersOf(source).filter((l) => l.module.startsWith('keras.src.ops.'));
  expect(want.map((l) => l.class_name).sort()).toEqual(['GetItem', 'Greater', 'NotEqual']);
  const got = new Map(layersOf(out).map((l) => [(l.config as { name: string }).name, l]));
  for (const l of want) {
    const name = (l.config as { name: string }).name;
    const { module, class_name, config, registered_name, inbound_nodes } = got.get(name)!;
    expect({ module, class_name, config, registered_name, inbound_nodes }, name).toEqual({ module: l.module, class_name: l.class_name, config: l.config, registered_name: l.registered_name, inbound_nodes: l.inbound_nodes });
  }
});
