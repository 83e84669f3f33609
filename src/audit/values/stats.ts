// Streaming statistics over one tensor's values: slab by slab, constant memory, and numerically
// stable (a large tensor does not lose precision to a running sum of squares).
import type { TensorData } from '../../readers/tensor-data.js';

export interface TensorStats {
  layer: string;
  weight: string;
  count: number;
  /** finite values only; null when there are none */
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  nan: number;
  inf: number;
  zeros: number;
}

export class StatsAccumulator {
  private n = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;
  private nan = 0;
  private inf = 0;
  private zeros = 0;
  private total = 0;

  /**
   * Adds one slab, summarised on its own (count, sum, min, max, zeros, then squared deviations
   * from the slab's mean in a second pass) and merged with Chan et al.'s pairwise update: as
   * stable as Welford's update per value, without a division per value.
   */
  add(values: TensorData | ArrayLike<number>): void {
    const xs: ArrayLike<number> = values instanceof BigInt64Array || values instanceof BigUint64Array ? Float64Array.from(values, Number) : (values as ArrayLike<number>);
    this.total += xs.length;
    if (summarizeFinite(xs, slab)) return this.merge(slab);
    // NaN or ±Inf somewhere (rare): count them and summarise the finite values alone.
    const finite = new Float64Array(xs.length);
    let k = 0;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      if (v !== v) this.nan++;
      else if (v === Infinity || v === -Infinity) this.inf++;
      else finite[k++] = v;
    }
    this.addFinite(finite.subarray(0, k));
  }

  /** Finite values whose sum may still overflow (huge float64s): halves until each sum fits. */
  private addFinite(xs: Float64Array): void {
    if (xs.length === 0) return;
    if (summarizeFinite(xs, slab)) return this.merge(slab);
    const half = xs.length >> 1;
    this.addFinite(xs.subarray(0, half));
    this.addFinite(xs.subarray(half));
  }

  private merge(s: SlabSummary): void {
    if (s.count === 0) return;
    this.zeros += s.zeros;
    if (s.min < this.min) this.min = s.min;
    if (s.max > this.max) this.max = s.max;
    const n = this.n + s.count;
    if (this.n === 0) {
      this.mean = s.mean;
      this.m2 = s.m2;
    } else {
      const delta = s.mean - this.mean;
      this.mean += delta * (s.count / n);
      this.m2 += s.m2 + delta * delta * ((this.n * s.count) / n);
    }
    this.n = n;
  }

  result(layer: string, weight: string): TensorStats {
    const any = this.n > 0;
    return {
      layer,
      weight,
      count: this.total,
      min: any ? this.min : null,
      max: any ? this.max : null,
      mean: any ? this.mean : null,
      // population std, as numpy's default
      std: any ? Math.sqrt(this.m2 / this.n) : null,
      nan: this.nan,
      inf: this.inf,
      zeros: this.zeros,
    };
  }
}

/** One slab's figures over its finite values (reused: add() copies what it keeps). */
interface SlabSummary {
  count: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
  zeros: number;
}
const slab: SlabSummary = { count: 0, mean: 0, m2: 0, min: 0, max: 0, zeros: 0 };

/**
 * The common case, all values finite, in loops unrolled by four with independent accumulators (a
 * single running sum is bound by the latency of each addition). A NaN or ±Inf anywhere makes the
 * sum non-finite (as does an overflow of huge float64s); then it returns false.
 */
function summarizeFinite(xs: ArrayLike<number>, out: SlabSummary): boolean {
  const len = xs.length;
  const n4 = len - (len % 4);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, zeros = 0;
  let min0 = Infinity, max0 = -Infinity, min1 = Infinity, max1 = -Infinity;
  for (let i = 0; i < n4; i += 4) {
    const a = xs[i], b = xs[i + 1], c = xs[i + 2], d = xs[i + 3];
    s0 += a; s1 += b; s2 += c; s3 += d;
    if (a === 0) zeros++;
    if (b === 0) zeros++;
    if (c === 0) zeros++;
    if (d === 0) zeros++;
    // Comparisons, not Math.min/max: those handle -0 and NaN and cost three times as much here.
    if (a < min0) min0 = a;
    if (a > max0) max0 = a;
    if (b < min1) min1 = b;
    if (b > max1) max1 = b;
    if (c < min0) min0 = c;
    if (c > max0) max0 = c;
    if (d < min1) min1 = d;
    if (d > max1) max1 = d;
  }
  for (let i = n4; i < len; i++) {
    const a = xs[i];
    s0 += a;
    if (a === 0) zeros++;
    if (a < min0) min0 = a;
    if (a > max0) max0 = a;
  }
  const sum = s0 + s1 + s2 + s3;
  if (!Number.isFinite(sum)) return false; // a NaN or an infinity (or an overflow of huge float64s)
  if (len === 0) {
    Object.assign(out, { count: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity, zeros: 0 });
    return true;
  }
  const mean = sum / len;
  let q0 = 0, q1 = 0, q2 = 0, q3 = 0;
  for (let i = 0; i < n4; i += 4) {
    const a = xs[i] - mean, b = xs[i + 1] - mean, c = xs[i + 2] - mean, d = xs[i + 3] - mean;
    q0 += a * a; q1 += b * b; q2 += c * c; q3 += d * d;
  }
  for (let i = n4; i < len; i++) q0 += (xs[i] - mean) ** 2;
  out.count = len;
  out.mean = mean;
  out.m2 = q0 + q1 + q2 + q3;
  out.min = Math.min(min0, min1);
  out.max = Math.max(max0, max1);
  out.zeros = zeros;
  return true;
}
