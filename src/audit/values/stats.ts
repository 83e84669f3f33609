// Streaming statistics over one tensor's values: one pass, constant memory (Welford's mean and
// variance, so a large tensor does not lose precision to a running sum of squares).

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

  add(values: ArrayLike<number | bigint>): void {
    for (let i = 0; i < values.length; i++) {
      const v = Number(values[i]);
      this.total++;
      if (Number.isNaN(v)) {
        this.nan++;
        continue;
      }
      if (!Number.isFinite(v)) {
        this.inf++;
        continue;
      }
      if (v === 0) this.zeros++;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
      this.n++;
      const d = v - this.mean;
      this.mean += d / this.n;
      this.m2 += d * (v - this.mean);
    }
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
