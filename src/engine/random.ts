/**
 * The lab's one seeded random number generator. Every shuffle, split, weight
 * init, subset and label draw goes through an `Rng`, so that the same config,
 * seed and backend reproduce the same run.
 *
 * Algorithm: sfc32 seeded through splitmix32 — fast, 128-bit state, good
 * statistical quality, and trivially portable (no platform Math.random).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** In-place Fisher–Yates shuffle; returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T;
  /** `k` distinct indices drawn from [0, n), in random order. */
  sample(n: number, k: number): Int32Array;
  /**
   * An independent stream derived from this generator's seed and a label,
   * so adding a draw in one place does not shift the draws of another.
   */
  fork(label: string): Rng;
  /** A 32-bit integer, for seeding other generators (e.g. tfjs ops that take a seed). */
  uint32(): number;
  readonly seed: number;
}

function splitmix32(a: number): () => number {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t = t ^ (t >>> 15);
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function createRng(seed: number): Rng {
  const init = splitmix32(seed >>> 0);
  let a = init(), b = init(), c = init(), d = init();
  const nextU32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up: the first outputs of sfc32 are correlated with the seed.
  for (let i = 0; i < 12; i++) nextU32();
  let spareNormal: number | null = null;

  const rng: Rng = {
    seed: seed >>> 0,
    next: () => nextU32() / 4294967296,
    uint32: nextU32,
    int: (n) => {
      if (!(n > 0)) throw new RangeError(`Rng.int needs n > 0, got ${n}`);
      return Math.floor(rng.next() * n);
    },
    normal: () => {
      if (spareNormal !== null) {
        const v = spareNormal;
        spareNormal = null;
        return v;
      }
      let u = 0;
      while (u === 0) u = rng.next();
      const v = rng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    shuffle: (arr) => {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = arr[i];
        arr[i] = arr[j];
        arr[j] = t;
      }
      return arr;
    },
    sample: (n, k) => {
      if (k > n) throw new RangeError(`cannot sample ${k} of ${n}`);
      const all = new Int32Array(n);
      for (let i = 0; i < n; i++) all[i] = i;
      // Partial Fisher–Yates: only the first k positions are needed.
      for (let i = 0; i < k; i++) {
        const j = i + rng.int(n - i);
        const t = all[i];
        all[i] = all[j];
        all[j] = t;
      }
      return all.slice(0, k);
    },
    fork: (label) => createRng((hashString(label) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0),
  };
  return rng;
}
