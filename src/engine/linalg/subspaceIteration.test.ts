import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../random';
import { gram } from './gram';
import { matrix, type Matrix } from './matrix';
import { principalAngles } from './principalAngles';
import { leadingColumns, symmetricEigen } from './symmetricEigen';
import { featureEigenspace, featureEigenspaceAsync, stopGradient, subspaceIteration, subspaceIterationAsync, withoutGradient } from './subspaceIteration';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** n × C features = (rank-r signal with decaying scales) + isotropic noise. */
function lowRankPlusNoise(rng: Rng, n: number, C: number, scales: number[], noise: number): Matrix {
  const r = scales.length;
  const basis = Array.from({ length: r }, () => Array.from({ length: C }, () => rng.normal()));
  const data = new Float32Array(n * C);
  for (let i = 0; i < n; i++) {
    const z = scales.map((s) => s * rng.normal());
    for (let j = 0; j < C; j++) {
      let v = noise * rng.normal();
      for (let t = 0; t < r; t++) v += z[t] * basis[t][j];
      data[i * C + j] = v;
    }
  }
  return matrix(n, C, data);
}

function exactTopK(X: Matrix, k: number) {
  const eig = symmetricEigen(gram(X), X.cols);
  return { U: leadingColumns(eig.vectors, k), values: Array.from(eig.values.slice(0, k)) };
}

function toBasis(U: tf.Tensor2D) {
  return { rows: U.shape[0], cols: U.shape[1], data: U.dataSync() };
}

const sigmaOf = (X: Matrix) => tf.tidy(() => {
  const x = tf.tensor2d(X.data, [X.rows, X.cols]);
  return tf.matMul(x, x, true, false) as tf.Tensor2D;
});

describe('subspaceIteration', () => {
  it('agrees with the exact CPU eigensolver from a cold start (20 iterations): angles < 1e-2 rad, values within 1e-3 relative', () => {
    const X = lowRankPlusNoise(createRng(1), 400, 32, [5, 4, 3, 2.5, 2], 0.2);
    const k = 5;
    const exact = exactTopK(X, k);
    const sigma = sigmaOf(X);
    const { U, values } = subspaceIteration(sigma, k, { iterations: 20 });
    const angles = principalAngles(toBasis(U), exact.U);
    expect(Math.max(...angles)).toBeLessThan(1e-2);
    const v = values.dataSync();
    exact.values.forEach((e, i) => expect(Math.abs(v[i] - e) / e).toBeLessThan(1e-3));
    // orthonormal columns
    const UtU = tf.matMul(U, U, true, false).dataSync();
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      expect(Math.abs(UtU[i * k + j] - (i === j ? 1 : 0))).toBeLessThan(1e-5);
    }
    tf.dispose([sigma, U, values]);
  });

  it('converges from a warm start (previous step’s U, 4 iterations) on slightly changed features', () => {
    const rng = createRng(2);
    const X1 = lowRankPlusNoise(rng.fork('a'), 300, 24, [5, 4, 3], 0.2);
    // The next "step": same features nudged by small noise.
    const X2 = matrix(X1.rows, X1.cols, X1.data.map((v) => v + 0.05 * rng.normal()));
    const k = 3;
    const s1 = sigmaOf(X1);
    const s2 = sigmaOf(X2);
    const cold = subspaceIteration(s1, k, { iterations: 20 });
    const warm = subspaceIteration(s2, k, { init: cold.U, iterations: 4 });
    const exact2 = exactTopK(X2, k);
    expect(Math.max(...principalAngles(toBasis(warm.U), exact2.U))).toBeLessThan(1e-2);
    // Cold and warm paths agree with each other on the same Σ, too.
    const cold2 = subspaceIteration(s2, k, { iterations: 20 });
    expect(Math.max(...principalAngles(toBasis(warm.U), toBasis(cold2.U)))).toBeLessThan(1e-2);
    tf.dispose([s1, s2, cold.U, cold.values, warm.U, warm.values, cold2.U, cold2.values]);
  });

  it('is deterministic without an init (fixed-seed start)', () => {
    const X = lowRankPlusNoise(createRng(3), 100, 10, [3, 2], 0.1);
    const s = sigmaOf(X);
    const a = subspaceIteration(s, 2, { iterations: 3 });
    const b = subspaceIteration(s, 2, { iterations: 3 });
    expect(Array.from(a.U.dataSync())).toEqual(Array.from(b.U.dataSync()));
    tf.dispose([s, a.U, a.values, b.U, b.values]);
  });

  it('stays finite when Σ is all zero or has rank below k (dead features)', () => {
    const zero = tf.zeros([8, 8]) as tf.Tensor2D;
    const r = subspaceIteration(zero, 3, { iterations: 10 });
    expect(Array.from(r.U.dataSync()).every(Number.isFinite)).toBe(true);
    expect(Array.from(r.values.dataSync()).every((v) => Math.abs(v) < 1e-6)).toBe(true);
    const v = tf.tensor2d([[1], [2], [0], [0]]);
    const rank1 = tf.matMul(v, v, false, true) as tf.Tensor2D;
    const r1 = subspaceIteration(rank1, 2, { iterations: 10 });
    expect(Array.from(r1.U.dataSync()).every(Number.isFinite)).toBe(true);
    expect(r1.values.dataSync()[0]).toBeCloseTo(5, 4);
    tf.dispose([zero, r.U, r.values, v, rank1, r1.U, r1.values]);
  });

  it('leaves no tensors behind beyond the returned U and values', () => {
    const s = sigmaOf(lowRankPlusNoise(createRng(4), 50, 6, [2], 0.1));
    const before = tf.memory().numTensors;
    const r = subspaceIteration(s, 2, { iterations: 5 });
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([s, r.U, r.values]);
  });

  it('rejects k outside 1..C and a mis-shaped init', () => {
    const s = tf.eye(4) as tf.Tensor2D;
    expect(() => subspaceIteration(s, 0)).toThrow(/k = 0/);
    expect(() => subspaceIteration(s, 5)).toThrow(/k = 5/);
    const bad = tf.zeros([4, 3]) as tf.Tensor2D;
    expect(() => subspaceIteration(s, 2, { init: bad })).toThrow(/init/);
    tf.dispose([s, bad]);
  });
});

describe('featureEigenspace', () => {
  it('matches the exact top-k eigenspace of XᵀX and reports the trace as total energy', () => {
    const X = lowRankPlusNoise(createRng(5), 300, 16, [4, 3, 2], 0.1);
    const exact = exactTopK(X, 3);
    const f = tf.tensor2d(X.data, [X.rows, X.cols]);
    const r = featureEigenspace(f, 3);
    expect(Math.max(...principalAngles(toBasis(r.U), exact.U))).toBeLessThan(1e-2);
    const G = gram(X);
    let trace = 0;
    for (let i = 0; i < 16; i++) trace += G[i * 16 + i];
    expect(Math.abs(r.totalEnergy.dataSync()[0] - trace) / trace).toBeLessThan(1e-5);
    tf.dispose([f, r.U, r.values, r.totalEnergy]);
  });

  it('centers with the batch mean when center is set (matches the exact centered eigenspace)', () => {
    const base = lowRankPlusNoise(createRng(6), 300, 12, [3, 2], 0.1);
    const X = matrix(base.rows, base.cols, base.data.map((v, i) => v + (i % 12 === 0 ? 50 : 0)));
    const eig = symmetricEigen(gram(X, { center: true }), 12);
    const f = tf.tensor2d(X.data, [X.rows, X.cols]);
    const r = featureEigenspace(f, 2, { center: true, iterations: 20 });
    expect(Math.max(...principalAngles(toBasis(r.U), leadingColumns(eig.vectors, 2)))).toBeLessThan(1e-2);
    tf.dispose([f, r.U, r.values, r.totalEnergy]);
  });

  it('passes no gradient back into the features', () => {
    const X = lowRankPlusNoise(createRng(7), 40, 6, [2, 1], 0.1);
    const f = tf.tensor2d(X.data, [X.rows, X.cols]);
    const g = tf.grad((x: tf.Tensor) => {
      const { U } = featureEigenspace(x as tf.Tensor2D, 2, { iterations: 5 });
      return tf.sum(tf.matMul(x as tf.Tensor2D, U)); // depends on x directly and through U
    })(f);
    // Only the direct path counts: d/dx sum(x U) = 1 Uᵀ, identical for every row.
    const gd = g.arraySync() as number[][];
    for (const row of gd) row.forEach((v, j) => expect(Math.abs(v - gd[0][j])).toBeLessThan(1e-6));
    tf.dispose([f, g]);
  });
});

describe('stopGradient / withoutGradient', () => {
  it('passes values through and blocks the gradient', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const y = stopGradient(x);
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.add(tf.sum(tf.square(stopGradient(t))), tf.sum(t)))(x);
    expect(Array.from(g.dataSync())).toEqual([1, 1, 1]);
    const h = tf.grad((t: tf.Tensor) => tf.sum(withoutGradient(t, (u) => tf.square(u))))(x);
    expect(Array.from(h.dataSync())).toEqual([0, 0, 0]);
    tf.dispose([x, y, g, h]);
  });
});

describe('Cholesky-QR iteration: hard cases', () => {
  const orthonormality = (U: tf.Tensor2D) => {
    const k = U.shape[1];
    const G = tf.tidy(() => tf.matMul(U, U, true, false).dataSync());
    let worst = 0;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) worst = Math.max(worst, Math.abs(G[i * k + j] - (i === j ? 1 : 0)));
    return worst;
  };

  it('a steep spectrum (λ₁/λ₈ = 10⁶, Z far from orthogonal): top eigenvectors and values still match, columns orthonormal', () => {
    const scales = [1000, 300, 100, 30, 10, 3, 1, 1];
    const X = lowRankPlusNoise(createRng(8), 300, 40, scales, 1e-3);
    const k = 8;
    const exact = exactTopK(X, k);
    const sigma = sigmaOf(X);
    const { U, values } = subspaceIteration(sigma, k, { iterations: 30 });
    const top = exactTopK(X, 6);
    const U6 = { rows: 40, cols: 6, data: Float64Array.from(tf.tidy(() => tf.slice(U, [0, 0], [40, 6]).dataSync())) };
    expect(Math.max(...principalAngles(U6, top.U))).toBeLessThan(1e-2);
    const v = values.dataSync();
    for (let i = 0; i < 6; i++) expect(Math.abs(v[i] - exact.values[i]) / exact.values[i]).toBeLessThan(1e-3);
    expect(orthonormality(U)).toBeLessThan(1e-4);
    tf.dispose([sigma, U, values]);
  });

  it('rank below k: the rank-r part is exact, the other columns are finite, orthonormal and have values ≈ 0', () => {
    const X = lowRankPlusNoise(createRng(9), 100, 20, [5, 3, 2], 0);
    const sigma = sigmaOf(X);
    const { U, values } = subspaceIteration(sigma, 7, { iterations: 10 });
    expect(Array.from(U.dataSync()).every(Number.isFinite)).toBe(true);
    expect(orthonormality(U)).toBeLessThan(1e-4);
    const exact = exactTopK(X, 3);
    const U3 = { rows: 20, cols: 3, data: Float64Array.from(tf.tidy(() => tf.slice(U, [0, 0], [20, 3]).dataSync())) };
    expect(Math.max(...principalAngles(U3, exact.U))).toBeLessThan(1e-2);
    const v = values.dataSync();
    for (let i = 3; i < 7; i++) expect(Math.abs(v[i])).toBeLessThan(1e-4 * v[0]);
    tf.dispose([sigma, U, values]);
  });

  it('k = C (every direction) works and is the whole eigenbasis', () => {
    const X = lowRankPlusNoise(createRng(10), 60, 6, [3, 2, 1], 0.3);
    const sigma = sigmaOf(X);
    const { U, values } = subspaceIteration(sigma, 6, { iterations: 40 });
    expect(orthonormality(U)).toBeLessThan(1e-4);
    const exact = exactTopK(X, 6);
    const v = values.dataSync();
    exact.values.forEach((e, i) => expect(Math.abs(v[i] - e)).toBeLessThan(1e-3 * exact.values[0]));
    tf.dispose([sigma, U, values]);
  });

  it('a non-finite Σ gives NaN values rather than an exception or a hang', () => {
    const s = tf.tensor2d([[1, NaN], [NaN, 1]]);
    const r = subspaceIteration(s, 1, { iterations: 3 });
    expect(Number.isNaN(r.values.dataSync()[0])).toBe(true);
    tf.dispose([s, r.U, r.values]);
  });
});

describe('async variants', () => {
  it('subspaceIterationAsync and featureEigenspaceAsync agree with the exact solver and the sync path; residuals are small; no tensors leak', async () => {
    const X = lowRankPlusNoise(createRng(11), 200, 24, [5, 4, 3, 2], 0.2);
    const k = 4;
    const exact = exactTopK(X, k);
    const sigma = sigmaOf(X);
    const f = tf.tensor2d(X.data, [X.rows, X.cols]);
    const before = tf.memory().numTensors;
    const a = await subspaceIterationAsync(sigma, k, { iterations: 20 });
    expect(tf.memory().numTensors).toBe(before + 2);
    const b = await featureEigenspaceAsync(f, k, { iterations: 20, residuals: true });
    expect(tf.memory().numTensors).toBe(before + 5);
    const s = subspaceIteration(sigma, k, { iterations: 20 });
    for (const r of [a, b, s]) expect(Math.max(...principalAngles(toBasis(r.U), exact.U))).toBeLessThan(1e-2);
    expect(b.residuals).toHaveLength(k);
    for (const r of b.residuals!) expect(r).toBeLessThan(1e-3);
    const va = a.values.dataSync();
    exact.values.forEach((e, i) => expect(Math.abs(va[i] - e) / e).toBeLessThan(1e-3));
    const G = gram(X);
    let trace = 0;
    for (let i = 0; i < X.cols; i++) trace += G[i * X.cols + i];
    expect(Math.abs(b.totalEnergy.dataSync()[0] - trace) / trace).toBeLessThan(1e-5);
    // Warm from a, on features nudged as in a next step.
    const w = await featureEigenspaceAsync(f, k, { init: a.U });
    expect(Math.max(...principalAngles(toBasis(w.U), exact.U))).toBeLessThan(1e-2);
    tf.dispose([sigma, f, a.U, a.values, b.U, b.values, b.totalEnergy, s.U, s.values, w.U, w.values, w.totalEnergy]);
    expect(tf.memory().numTensors).toBe(before - 2);
  });
});

describe('Cholesky-QR iteration: one step from a random start', () => {
  it('returns orthonormal columns even when one step leaves U far from orthonormal', () => {
    for (const [seed, scales] of [[12, [30, 10, 3, 1]], [13, [100, 1, 1, 1, 1]], [14, [10, 9, 8, 7, 6, 5]]] as const) {
      const X = lowRankPlusNoise(createRng(seed), 200, 30, [...scales], 0.05);
      const sigma = sigmaOf(X);
      const k = scales.length + 2;
      const { U, values } = subspaceIteration(sigma, k, { iterations: 1 });
      const G = tf.tidy(() => tf.matMul(U, U, true, false).dataSync());
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) expect(Math.abs(G[i * k + j] - (i === j ? 1 : 0))).toBeLessThan(1e-4);
      const v = values.dataSync();
      for (let i = 1; i < k; i++) expect(v[i]).toBeLessThanOrEqual(v[i - 1]);
      tf.dispose([sigma, U, values]);
    }
  });
});
