// EinsumDense: a dense layer described by an einsum equation (Keras `_analyze_einsum_string`, the
// same rules in tf-keras). The output's non-batch dims are `output_shape` as written, plus the
// elided (`...`) input dims; kernel and bias sizes come from the output or input letters.
import { shapeError, type LayerConfig } from './config.js';
import { known } from './shape-math.js';
import { defineLayer } from './types.js';
import { einsumLayout, LINEAR_QUANTIZATION, tableWeights } from './quantized.js';
import { linearCost, perSample } from './cost-math.js';
import type { Dim, Shape } from '../types/shape.js';

interface Analysis {
  kernel: Dim[];
  bias: Dim[] | null;
  output: Shape;
  /** kernel dims summed over (in the input and the kernel, not in the output) */
  contracted: Dim[];
  /** the equation's letters, elided axes spelled out with digits (as Keras pads them with free letters) */
  specs: { input: string; weight: string; output: string };
}

const FORMS: { re: RegExp; leftElided: boolean }[] = [
  { re: /^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$/, leftElided: false },
  { re: /^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$/, leftElided: true },
  { re: /^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$/, leftElided: false },
];

export function analyzeEinsum(c: LayerConfig, input: Shape): Analysis {
  const equation = c.str('equation');
  const flat = equation.replace(/\.\.\./g, '0').replace(/\s+/g, '');
  const form = FORMS.map((f) => ({ f, m: f.re.exec(flat) })).find((x) => x.m);
  if (!form?.m) {
    return c.fail('equation', 'an equation of the form ab,bc->ac, ...ab,bc->...ac or ab...,bc->ac...');
  }
  const [, inSpec, weightSpec, outSpec] = form.m;
  const leftElided = form.f.leftElided;
  const elided = input.length - inSpec.length;
  if (elided < 0) throw shapeError(c, `equation "${equation}" needs an input of rank ${inSpec.length} or more, got ${input.length}`);

  const partial = c.get('output_shape');
  const given: Dim[] = Number.isInteger(partial) ? [partial as number] : Array.isArray(partial) ? (partial as Dim[]) : c.fail('output_shape', 'an integer or a list of dimensions');
  const output: Dim[] = [input[0], ...given];
  if (elided > 0 && leftElided) {
    for (let i = 1; i < elided; i++) output.splice(1, 0, input[i]);
  } else if (elided > 0) {
    for (let i = input.length - elided; i < input.length; i++) output.push(input[i]);
  }

  const inAt = new Map<string, number>([...inSpec].map((d, i) => [d, leftElided ? i + elided - input.length : i]));
  const outAt = new Map<string, number>([...outSpec].map((d, i) => [d, leftElided ? i + elided : i]));
  const at = <T>(xs: T[], i: number): T => xs[i < 0 ? xs.length + i : i];

  for (const d of inSpec) {
    const o = outAt.get(d);
    if (o === undefined) continue;
    const [iv, ov] = [at(input, inAt.get(d)!), output[o]];
    if (ov !== null && ov !== undefined && ov !== iv) {
      throw shapeError(c, `input dim ${iv} and output dim ${ov} differ at shared axis '${d}'`);
    }
  }
  for (const d of outSpec) {
    if (!inSpec.includes(d) && !weightSpec.includes(d)) throw shapeError(c, `output axis '${d}' is in neither the input nor the kernel`);
  }
  const kernel = [...weightSpec].map((d) => {
    const o = outAt.get(d);
    if (o !== undefined) return output[o] ?? null;
    const i = inAt.get(d);
    if (i !== undefined) return at(input, i);
    throw shapeError(c, `kernel axis '${d}' is in neither the input nor the output`);
  });

  let bias: Dim[] | null = null;
  const biasAxes = c.get('bias_axes');
  if (typeof biasAxes === 'string' && biasAxes.length > 0) {
    const offset = leftElided ? elided : 0;
    for (const ch of biasAxes) if (!outSpec.includes(ch)) throw shapeError(c, `bias axis '${ch}' is not in the output '${outSpec}'`);
    const first = Math.min(...[...biasAxes].map((ch) => outSpec.indexOf(ch)));
    bias = [...outSpec.slice(first)].map((ch) => (biasAxes.includes(ch) ? output[outSpec.indexOf(ch) + offset] ?? null : 1));
    if (!leftElided) for (let i = 0; i < elided; i++) bias.push(1);
  } else if (biasAxes !== null && biasAxes !== undefined && biasAxes !== '') {
    c.fail('bias_axes', 'a string of output axes or null');
  }
  const contracted = [...weightSpec].flatMap((d, i) => (outAt.has(d) ? [] : [kernel[i]]));
  const pad = Array.from({ length: elided }, (_, i) => String(i)).join('');
  const specs = leftElided ? { input: pad + inSpec, weight: weightSpec, output: pad + outSpec } : { input: inSpec + pad, weight: weightSpec, output: outSpec + pad };
  return { kernel, bias, output, contracted, specs };
}

export const einsumDense = defineLayer({
  names: ['EinsumDense'],
  category: 'core',
  versions: '2.9+, 3',
  quantization: LINEAR_QUANTIZATION,
  outputShape: (c, [x]) => {
    if (!x) throw shapeError(c, 'has no input');
    return analyzeEinsum(c, x).output;
  },
  weights: (c, [x], ctx) => {
    if (!x) throw shapeError(c, 'has no input');
    const { kernel, bias, specs } = analyzeEinsum(c, x);
    const sized = (dims: Dim[], what: string) => dims.map((d, i) => known(c, d, `${what} axis ${i}`));
    return tableWeights(c, einsumLayout(sized(kernel, 'kernel'), bias ? sized(bias, 'bias') : null, specs), ctx);
  },
  // each output value sums over the contracted axes; the bias is added to every output value
  cost: (c, [x], out) => {
    const { bias, contracted } = analyzeEinsum(c, x);
    const n = perSample(c, out as Shape);
    return linearCost(c, n * perSample(c, [null, ...contracted]), n, bias !== null);
  },
});
