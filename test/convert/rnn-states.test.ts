// Recurrent layers started from other layers' states (`initial_state`), in a real Keras 3 model
// (scripts/fixtures/keras3_rnn_states.py: LSTM with two states, GRU reset_after=False, SimpleRNN).
// tfjs-layers loads such a layer only with its states as extra positional inputs (Keras 2's form);
// the TensorFlow.js output must then predict what Keras 3 predicted for the same inputs.
import * as tfc from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertModel, readModel } from '../../src/index.js';
import { loadTfjsFolder } from './helpers.js';

const fixture = (p: string) => new URL(`../../fixtures/${p}`, import.meta.url).pathname;
const expected: { inputs: { enc: number[][][]; dec: number[][][] }; output: number[][][] } = JSON.parse(readFileSync(fixture('keras3/rnn_states.expected.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'kerascope-rnn-states-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('recurrent layers given an initial_state', () => {
  it('--to tfjs: tfjs-layers loads the model and predicts what Keras 3 predicted', async () => {
    const out = join(dir, 'tfjs');
    await convertModel(fixture('keras3/rnn_states.keras'), { to: 'tfjs', out });
    const tf = await loadTfjsFolder(out);
    try {
      // each decoder reads the encoder's states: dec_lstm both of enc_lstm's (h, c)
      const inbound = (name: string) => tf.getLayer(name).inboundNodes[0].inboundLayers.map((l) => l.name);
      expect(inbound('dec_lstm')).toEqual(['dec', 'enc_lstm', 'enc_lstm']);
      expect(inbound('dec_gru')).toEqual(['dec', 'enc_gru']);
      expect(inbound('dec_rnn')).toEqual(['dec', 'enc_rnn']);
      const y = tf.predict([tfc.tensor(expected.inputs.enc), tfc.tensor(expected.inputs.dec)]) as tfc.Tensor;
      const got = y.arraySync() as number[][][];
      expect(y.shape).toEqual([2, 4, 2]);
      got.flat(2).forEach((v, i) => expect(v).toBeCloseTo(expected.output.flat(2)[i], 5));
    } finally {
      tf.dispose();
    }
  });

  it('--to keras2-json: an LSTM keeps both its states (as the list tf.keras serializes)', async () => {
    const out = join(dir, 'k2.json');
    await convertModel(fixture('keras3/rnn_states.keras'), { to: 'keras2-json', out });
    const back = await readModel(out);
    const call = back.graph.layers.find((l) => l.name === 'dec_lstm')!.calls[0];
    expect(call.inputs.map((r) => [r.layer, r.tensor])).toEqual([['dec', 0], ['enc_lstm', 1], ['enc_lstm', 2]]);
  });
});
