// A small seeded PRNG (mulberry32) so every fuzz input can be re-derived from its seed number.
export class Rng {
  constructor(seed) {
    this.state = seed >>> 0;
  }

  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** integer in [0, n) */
  int(n) {
    return Math.floor(this.next() * n);
  }

  chance(p) {
    return this.next() < p;
  }

  pick(list) {
    return list[this.int(list.length)];
  }

  /** small numbers far more often than large ones (mutation counts, chunk lengths) */
  small(max) {
    return Math.min(max, Math.floor(Math.exp(this.next() * Math.log(max + 1))));
  }
}
