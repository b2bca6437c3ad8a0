/**
 * The train/test split and standardisation shared by the lab's own data
 * sources (synthetic, CSV, image folders): one seeded, stratified split, so
 * every class appears in both sets whenever it has at least two samples.
 */
import type { Rng } from '../random';
import type { Split } from './dataset';
import { DataError } from '../errors';

export interface SplitIndices {
  train: Int32Array;
  test: Int32Array;
}

/**
 * Stratified split: the test set gets round(testFraction · n) samples, shared
 * among classes in proportion to their sizes (largest remainder first), while
 * every class keeps at least one training sample. Each class is shuffled
 * before it is cut, and both index lists are shuffled so classes interleave.
 * `where` names the source in the error raised when no test sample can be
 * held out at all (every class has a single sample).
 */
export function stratifiedSplit(
  y: Int32Array, numClasses: number, testFraction: number, rng: Rng, where: string,
): SplitIndices {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]].push(i);
  const capacity = byClass.map((idx) => Math.max(0, idx.length - 1));
  const totalCapacity = capacity.reduce((a, b) => a + b, 0);
  if (totalCapacity === 0) {
    throw new DataError(where, `only ${y.length} samples, one per class: too few to hold out a test set`);
  }
  const target = Math.min(totalCapacity, Math.max(1, Math.round(testFraction * y.length)));
  const quota = byClass.map((idx) => testFraction * idx.length);
  const testCounts = quota.map((q, c) => Math.min(capacity[c], Math.floor(q)));
  let missing = target - testCounts.reduce((a, b) => a + b, 0);
  // Largest fractional remainder first; ties go to the lower class index.
  const order = quota.map((_q, c) => c).sort((a, b) => (quota[b] - Math.floor(quota[b])) - (quota[a] - Math.floor(quota[a])) || a - b);
  // Classes capped at capacity pass their share on; missing ≤ totalCapacity, so this ends.
  while (missing > 0) {
    for (const c of order) {
      if (missing === 0) break;
      if (testCounts[c] < capacity[c]) { testCounts[c]++; missing--; }
    }
  }
  const train: number[] = [];
  const test: number[] = [];
  byClass.forEach((idx, c) => {
    rng.shuffle(idx);
    for (let k = 0; k < idx.length; k++) (k < testCounts[c] ? test : train).push(idx[k]);
  });
  return { train: rng.shuffle(Int32Array.from(train)), test: rng.shuffle(Int32Array.from(test)) };
}

/** Copies the rows at `indices` (each `rowSize` values) into a new Split. */
export function takeRows<X extends Float32Array | Uint8Array>(
  x: X, y: Int32Array, indices: Int32Array, rowSize: number,
): Split {
  const out = (x instanceof Uint8Array ? new Uint8Array(indices.length * rowSize) : new Float32Array(indices.length * rowSize));
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i] * rowSize;
    out.set(x.subarray(src, src + rowSize), i * rowSize);
    labels[i] = y[indices[i]];
  }
  return { x: out, y: labels, n: indices.length };
}

/**
 * Per-feature mean and (population) standard deviation of an n × d float
 * array. A constant feature gets std 1, so standardising leaves it at 0
 * instead of dividing by zero.
 */
export function standardization(x: Float32Array, d: number): { mean: Float32Array; std: Float32Array } {
  const n = d > 0 ? x.length / d : 0;
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j];
  for (let j = 0; j < d; j++) mean[j] = n > 0 ? mean[j] / n : 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j] - mean[j];
      sq[j] += v * v;
    }
  }
  const std = new Float32Array(d);
  for (let j = 0; j < d; j++) {
    const s = n > 0 ? Math.sqrt(sq[j] / n) : 0;
    // float32 can underflow a tiny std to 0 or overflow a huge one: both would break division.
    const s32 = Math.fround(s);
    std[j] = s32 > 0 && Number.isFinite(s32) ? s32 : 1;
  }
  return { mean: Float32Array.from(mean), std };
}

/** Checks the testFraction option of the source `where`. */
export function checkTestFraction(v: unknown, where: string): number {
  if (typeof v !== 'number' || !(v > 0 && v < 1)) {
    throw new DataError(where, `option testFraction must be a number strictly between 0 and 1, got ${JSON.stringify(v)}`);
  }
  return v;
}
