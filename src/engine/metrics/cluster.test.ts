import { describe, expect, it } from 'vitest';
import { matrix } from '../linalg/matrix';
import { createRng } from '../random';
import { clusterMetrics, forgetClusterPicks, forgetRetainClusterMetrics, kMeans, nmi, pairwiseF1 } from './cluster';

describe('nmi', () => {
  it('is 1 for a perfect clustering up to a permutation of cluster ids', () => {
    expect(Math.abs(nmi([0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 1]) - 1)).toBeLessThan(1e-12);
  });

  it('is ≈ 0 (< 0.005) for independent labels and clusters, n = 20000', () => {
    const rng = createRng(1);
    const y = Int32Array.from({ length: 20000 }, () => rng.int(5));
    const c = Int32Array.from({ length: 20000 }, () => rng.int(5));
    expect(nmi(y, c)).toBeLessThan(0.005);
  });

  it('matches a hand computation: labels (0,0,1,1), clusters (0,0,0,1) → 2·I/(H(Y)+H(C))', () => {
    // H(Y) = ln 2; H(C) = −(¾ ln ¾ + ¼ ln ¼); I = ½ ln(4/3) + ¼ ln(2/3) + ¼ ln 2
    const hY = Math.LN2;
    const hC = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
    const I = 0.5 * Math.log(4 / 3) + 0.25 * Math.log(2 / 3) + 0.25 * Math.log(2);
    expect(Math.abs(nmi([0, 0, 1, 1], [0, 0, 0, 1]) - (2 * I) / (hY + hC))).toBeLessThan(1e-12);
  });

  it('defines the degenerate cases: both single groups → 1, one single group → 0, empty → NaN', () => {
    expect(nmi([3, 3, 3], [0, 0, 0])).toBe(1);
    expect(nmi([3, 3, 3], [0, 1, 2])).toBe(0);
    expect(nmi([], [])).toBeNaN();
  });
});

describe('pairwiseF1', () => {
  it('is 1 for a perfect clustering up to a permutation', () => {
    expect(pairwiseF1([0, 0, 1, 1, 2], [1, 1, 2, 2, 0])).toBe(1);
  });

  it('matches a hand count: labels (0,0,1,1), clusters (0,0,0,1) → P = 1/3, R = 1/2, F1 = 0.4', () => {
    // same-cluster pairs: C(3,2) = 3, of which sharing a label: (1,2) → 1; same-label pairs: 2, together: 1
    expect(Math.abs(pairwiseF1([0, 0, 1, 1], [0, 0, 0, 1]) - 0.4)).toBeLessThan(1e-12);
  });

  it('is 1 for identical all-singleton partitions and 0 when singletons split every same-label pair', () => {
    expect(pairwiseF1([0, 1, 2], [5, 6, 7])).toBe(1);
    expect(pairwiseF1([0, 0, 1, 1], [0, 1, 2, 3])).toBe(0);
  });

  it('handles n = 100000 through the contingency table (an O(n²) pair loop would not finish)', () => {
    const rng = createRng(2);
    const y = Int32Array.from({ length: 100000 }, () => rng.int(10));
    const f = pairwiseF1(y, y);
    expect(f).toBe(1);
  });
});

describe('kMeans / clusterMetrics', () => {
  // Three tight blobs in R^4.
  const rng = createRng(3);
  const centres = [[0, 0, 0, 0], [10, 0, 0, 0], [0, 10, 0, 10]];
  const n = 90;
  const data = new Float32Array(n * 4);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 3;
    for (let j = 0; j < 4; j++) data[i * 4 + j] = centres[i % 3][j] + 0.3 * rng.normal();
  }
  const X = matrix(n, 4, data);

  it('recovers well-separated blobs: NMI = F1 = 1', () => {
    const r = clusterMetrics(X, labels, { k: 3, seed: 1 });
    expect(r.NMI).toBeGreaterThan(1 - 1e-12);
    expect(r.F1).toBe(1);
    expect(r.info).toEqual({ k: 3, seed: 1, restarts: 5 });
  });

  it('is deterministic for a seed', () => {
    const a = clusterMetrics(X, labels, { k: 4, seed: 7, restarts: 2 });
    const b = clusterMetrics(X, labels, { k: 4, seed: 7, restarts: 2 });
    expect(Array.from(a.assignments)).toEqual(Array.from(b.assignments));
  });

  it('handles k larger than n and duplicate points without NaN', () => {
    const dup = matrix(3, 2, new Float32Array([1, 1, 1, 1, 1, 1]));
    const r = kMeans(dup, 5, createRng(1));
    expect(r.assignments).toHaveLength(3);
    expect(r.inertia).toBe(0);
    expect(Array.from(r.centroids).every(Number.isFinite)).toBe(true);
  });
});

describe('forgetClusterPicks', () => {
  const retainLabels = Int32Array.from({ length: 90 }, (_, i) => 1 + (i % 9)); // 9 classes, 10 each

  it('class-wise: one forget label gets the retain reference\'s mean per-label count (90 / 9 = 10)', () => {
    const picks = forgetClusterPicks(new Int32Array(80), retainLabels, createRng(1));
    expect(picks).toHaveLength(10);
    expect(new Set(picks).size).toBe(10);
    expect(Array.from(picks)).toEqual(Array.from(picks).sort((a, b) => a - b));
    expect(Array.from(forgetClusterPicks(new Int32Array(80), retainLabels, createRng(1)))).toEqual(Array.from(picks));
  });

  it('random forgetting: every label present, so all of a smaller D_f is used', () => {
    const forgetLabels = Int32Array.from({ length: 40 }, (_, i) => i % 10);
    expect(Array.from(forgetClusterPicks(forgetLabels, retainLabels, createRng(1)))).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
});

describe('forgetRetainClusterMetrics', () => {
  // Retain reference: classes 1, 2 as tight blobs; forget set: 20 samples of class 0.
  const rng = createRng(5);
  const blob = (n: number, centre: number[]) => Array.from({ length: n }, () => centre.map((c) => c + 0.3 * rng.normal()));
  const retainRows = [...blob(20, [10, 0]), ...blob(20, [0, 10])];
  const retain = matrix(40, 2, Float32Array.from(retainRows.flat()));
  const retainLabels = Int32Array.from({ length: 40 }, (_, i) => (i < 20 ? 1 : 2));
  const forgetLabels = new Int32Array(20);
  const apart = matrix(20, 2, Float32Array.from(blob(20, [0, 0]).flat()));
  // Forgotten in the features: forget samples land inside the retained classes' blobs.
  const merged = matrix(20, 2, Float32Array.from([...blob(10, [10, 0]), ...blob(10, [0, 10])].flat()));

  it('a forget class in its own cluster scores NMI = F1 = 1, where D_f alone scores NMI = 0', () => {
    expect(clusterMetrics(apart, forgetLabels, { k: 3, seed: 1 }).NMI).toBe(0);
    const r = forgetRetainClusterMetrics(apart, forgetLabels, retain, retainLabels, { k: 3, seed: 1 });
    expect(r.NMI).toBeGreaterThan(1 - 1e-9);
    expect(r.F1).toBeGreaterThan(1 - 1e-9);
    expect(r.info).toMatchObject({ k: 3, seed: 1, restarts: 5, forgetSize: 20, retainSize: 40 });
  });

  it('forget samples merged into the retained classes score clearly lower (NMI < 0.7)', () => {
    const r = forgetRetainClusterMetrics(merged, forgetLabels, retain, retainLabels, { k: 3, seed: 1 });
    expect(r.NMI).toBeLessThan(0.7);
    expect(r.F1).toBeLessThan(0.8);
  });

  it('refuses feature rows that do not match their labels', () => {
    expect(() => forgetRetainClusterMetrics(apart, new Int32Array(3), retain, retainLabels, { k: 3, seed: 1 })).toThrow(RangeError);
  });
});
