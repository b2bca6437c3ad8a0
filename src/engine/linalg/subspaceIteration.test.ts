import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../random';
import { gram } from './gram';
import { matrix, type Matrix } from './matrix';
import { principalAngles } from './principalAngles';
import { leadingColumns, symmetricEigen } from './symmetricEigen';
import { featureEigenspaceAsync, stopGradient, withoutGradient } from './subspaceIteration';

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

const tensorOf = (X: Matrix) => tf.tensor2d(X.data, [X.rows, X.cols]);

/** Releases everything featureEigenspaceAsync returned. */
const disposeResult = (r: { U: tf.Tensor; values: tf.Tensor; totalEnergy: tf.Scalar }) => tf.dispose([r.U, r.values, r.totalEnergy]);

describe('featureEigenspaceAsync', () => {
  // Both ways of applying Σ = XᵀX: formed once (n ≫ C), and Xᵀ(X U) (n < C); the solver picks the cheaper.
  for (const [n, C] of [[400, 32], [30, 64]] as const) {
    it(`agrees with the exact CPU eigensolver from a cold start (20 iterations, X ${n} × ${C}): angles < 1e-2 rad, values within 1e-3 relative`, async () => {
      const X = lowRankPlusNoise(createRng(1), n, C, [5, 4, 3, 2.5, 2], 0.2);
      const k = 5;
      const exact = exactTopK(X, k);
      const f = tensorOf(X);
      const r = await featureEigenspaceAsync(f, k, { iterations: 20 });
      const angles = principalAngles(toBasis(r.U), exact.U);
      expect(Math.max(...angles)).toBeLessThan(1e-2);
      const v = r.values.dataSync();
      exact.values.forEach((e, i) => expect(Math.abs(v[i] - e) / e).toBeLessThan(1e-3));
      // orthonormal columns
      const UtU = tf.tidy(() => tf.matMul(r.U, r.U, true, false).dataSync());
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
        expect(Math.abs(UtU[i * k + j] - (i === j ? 1 : 0))).toBeLessThan(1e-5);
      }
      tf.dispose(f);
      disposeResult(r);
    });
  }

  it('converges from a warm start (previous step’s U, 4 iterations) on slightly changed features', async () => {
    const rng = createRng(2);
    const X1 = lowRankPlusNoise(rng.fork('a'), 300, 24, [5, 4, 3], 0.2);
    // The next "step": same features nudged by small noise.
    const X2 = matrix(X1.rows, X1.cols, X1.data.map((v) => v + 0.05 * rng.normal()));
    const k = 3;
    const f1 = tensorOf(X1);
    const f2 = tensorOf(X2);
    const cold = await featureEigenspaceAsync(f1, k, { iterations: 20 });
    const warm = await featureEigenspaceAsync(f2, k, { init: cold.U, iterations: 4 });
    const exact2 = exactTopK(X2, k);
    expect(Math.max(...principalAngles(toBasis(warm.U), exact2.U))).toBeLessThan(1e-2);
    // Cold and warm paths agree with each other on the same features, too.
    const cold2 = await featureEigenspaceAsync(f2, k, { iterations: 20 });
    expect(Math.max(...principalAngles(toBasis(warm.U), toBasis(cold2.U)))).toBeLessThan(1e-2);
    // The warm start is the caller's: still alive after the call.
    expect(cold.U.isDisposed).toBe(false);
    tf.dispose([f1, f2]);
    [cold, warm, cold2].forEach(disposeResult);
  });

  it('is deterministic without an init (fixed-seed start)', async () => {
    const f = tensorOf(lowRankPlusNoise(createRng(3), 100, 10, [3, 2], 0.1));
    const a = await featureEigenspaceAsync(f, 2, { iterations: 3 });
    const b = await featureEigenspaceAsync(f, 2, { iterations: 3 });
    expect(Array.from(a.U.dataSync())).toEqual(Array.from(b.U.dataSync()));
    tf.dispose(f);
    [a, b].forEach(disposeResult);
  });

  it('stays finite when Σ = XᵀX is all zero or has rank below k (dead features)', async () => {
    const zero = tf.zeros([2, 8]) as tf.Tensor2D;
    const r = await featureEigenspaceAsync(zero, 3, { iterations: 10 });
    expect(Array.from(r.U.dataSync()).every(Number.isFinite)).toBe(true);
    expect(Array.from(r.values.dataSync()).every((v) => Math.abs(v) < 1e-6)).toBe(true);
    // X = vᵀ (one row), so Σ = v vᵀ: rank 1, top eigenvalue ‖v‖² = 5.
    const v = tf.tensor2d([[1, 2, 0, 0]]);
    const r1 = await featureEigenspaceAsync(v, 2, { iterations: 10 });
    expect(Array.from(r1.U.dataSync()).every(Number.isFinite)).toBe(true);
    expect(r1.values.dataSync()[0]).toBeCloseTo(5, 4);
    tf.dispose([zero, v]);
    [r, r1].forEach(disposeResult);
  });

  it('leaves no tensors behind beyond the returned U, values and total energy', async () => {
    const f = tensorOf(lowRankPlusNoise(createRng(4), 50, 6, [2], 0.1));
    const before = tf.memory().numTensors;
    const r = await featureEigenspaceAsync(f, 2, { iterations: 5 });
    expect(tf.memory().numTensors).toBe(before + 3);
    // …also with a warm start (the caller's) and residuals.
    const w = await featureEigenspaceAsync(f, 2, { init: r.U, residuals: true });
    expect(tf.memory().numTensors).toBe(before + 6);
    tf.dispose(f);
    [r, w].forEach(disposeResult);
    expect(tf.memory().numTensors).toBe(before - 1);
  });

  it('rejects k outside 1..C and a mis-shaped init', async () => {
    const f = tf.eye(4) as tf.Tensor2D;
    await expect(featureEigenspaceAsync(f, 0)).rejects.toThrow(/k = 0/);
    await expect(featureEigenspaceAsync(f, 5)).rejects.toThrow(/k = 5/);
    await expect(featureEigenspaceAsync(f, 1.5)).rejects.toThrow(/k = 1.5/);
    const bad = tf.zeros([4, 3]) as tf.Tensor2D;
    await expect(featureEigenspaceAsync(f, 2, { init: bad })).rejects.toThrow(/init/);
    tf.dispose([f, bad]);
  });

  it('matches the exact top-k eigenspace of XᵀX and reports the trace as total energy (default iterations)', async () => {
    const X = lowRankPlusNoise(createRng(5), 300, 16, [4, 3, 2], 0.1);
    const exact = exactTopK(X, 3);
    const f = tensorOf(X);
    const r = await featureEigenspaceAsync(f, 3);
    expect(Math.max(...principalAngles(toBasis(r.U), exact.U))).toBeLessThan(1e-2);
    const G = gram(X);
    let trace = 0;
    for (let i = 0; i < 16; i++) trace += G[i * 16 + i];
    expect(Math.abs(r.totalEnergy.dataSync()[0] - trace) / trace).toBeLessThan(1e-5);
    tf.dispose(f);
    disposeResult(r);
  });

  it('centers with the batch mean when center is set, or with a given mean (matches the exact centered eigenspace)', async () => {
    const base = lowRankPlusNoise(createRng(6), 300, 12, [3, 2], 0.1);
    const X = matrix(base.rows, base.cols, base.data.map((v, i) => v + (i % 12 === 0 ? 50 : 0)));
    const eig = symmetricEigen(gram(X, { center: true }), 12);
    const f = tensorOf(X);
    const colMean = tf.mean(f, 0) as tf.Tensor1D;
    for (const opts of [{ center: true }, { mean: colMean }]) {
      const r = await featureEigenspaceAsync(f, 2, { ...opts, iterations: 20 });
      expect(Math.max(...principalAngles(toBasis(r.U), leadingColumns(eig.vectors, 2)))).toBeLessThan(1e-2);
      disposeResult(r);
    }
    tf.dispose([f, colMean]);
  });

  it('reports small residuals once converged, and stays converged warm-started with the default iterations', async () => {
    const X = lowRankPlusNoise(createRng(11), 200, 24, [5, 4, 3, 2], 0.2);
    const k = 4;
    const exact = exactTopK(X, k);
    const f = tensorOf(X);
    const r = await featureEigenspaceAsync(f, k, { iterations: 20, residuals: true });
    expect(Math.max(...principalAngles(toBasis(r.U), exact.U))).toBeLessThan(1e-2);
    expect(r.residuals).toHaveLength(k);
    for (const res of r.residuals!) expect(res).toBeLessThan(1e-3);
    // Without the option, no residuals (they cost one more product and readback).
    const q = await featureEigenspaceAsync(f, k, { iterations: 20 });
    expect(q.residuals).toBeUndefined();
    // Warm from r with the default (WARM_ITERATIONS) count: still the exact eigenspace.
    const w = await featureEigenspaceAsync(f, k, { init: r.U });
    expect(Math.max(...principalAngles(toBasis(w.U), exact.U))).toBeLessThan(1e-2);
    tf.dispose(f);
    [r, q, w].forEach(disposeResult);
  });

  // No gradient test for the solver itself: a tfjs tape records only synchronous code, so U (returned
  // after the first await) is never on one; the stand-ins for tf.stopGradient are tested below.
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

  it('a steep spectrum (λ₁/λ₈ = 10⁶, Z far from orthogonal): top eigenvectors and values still match, columns orthonormal', async () => {
    const scales = [1000, 300, 100, 30, 10, 3, 1, 1];
    const X = lowRankPlusNoise(createRng(8), 300, 40, scales, 1e-3);
    const k = 8;
    const exact = exactTopK(X, k);
    const f = tensorOf(X);
    const r = await featureEigenspaceAsync(f, k, { iterations: 30 });
    const top = exactTopK(X, 6);
    const U6 = { rows: 40, cols: 6, data: Float64Array.from(tf.tidy(() => tf.slice(r.U, [0, 0], [40, 6]).dataSync())) };
    expect(Math.max(...principalAngles(U6, top.U))).toBeLessThan(1e-2);
    const v = r.values.dataSync();
    for (let i = 0; i < 6; i++) expect(Math.abs(v[i] - exact.values[i]) / exact.values[i]).toBeLessThan(1e-3);
    expect(orthonormality(r.U)).toBeLessThan(1e-4);
    tf.dispose(f);
    disposeResult(r);
  });

  it('rank below k: the rank-r part is exact, the other columns are finite, orthonormal and have values ≈ 0', async () => {
    const X = lowRankPlusNoise(createRng(9), 100, 20, [5, 3, 2], 0);
    const f = tensorOf(X);
    const r = await featureEigenspaceAsync(f, 7, { iterations: 10 });
    expect(Array.from(r.U.dataSync()).every(Number.isFinite)).toBe(true);
    expect(orthonormality(r.U)).toBeLessThan(1e-4);
    const exact = exactTopK(X, 3);
    const U3 = { rows: 20, cols: 3, data: Float64Array.from(tf.tidy(() => tf.slice(r.U, [0, 0], [20, 3]).dataSync())) };
    expect(Math.max(...principalAngles(U3, exact.U))).toBeLessThan(1e-2);
    const v = r.values.dataSync();
    for (let i = 3; i < 7; i++) expect(Math.abs(v[i])).toBeLessThan(1e-4 * v[0]);
    tf.dispose(f);
    disposeResult(r);
  });

  it('k = C (every direction) works and is the whole eigenbasis', async () => {
    const X = lowRankPlusNoise(createRng(10), 60, 6, [3, 2, 1], 0.3);
    const f = tensorOf(X);
    const r = await featureEigenspaceAsync(f, 6, { iterations: 40 });
    expect(orthonormality(r.U)).toBeLessThan(1e-4);
    const exact = exactTopK(X, 6);
    const v = r.values.dataSync();
    exact.values.forEach((e, i) => expect(Math.abs(v[i] - e)).toBeLessThan(1e-3 * exact.values[0]));
    tf.dispose(f);
    disposeResult(r);
  });

  it('non-finite features give NaN values rather than an exception or a hang', async () => {
    const f = tf.tensor2d([[1, NaN], [0, 1]]);
    const r = await featureEigenspaceAsync(f, 1, { iterations: 3 });
    expect(Number.isNaN(r.values.dataSync()[0])).toBe(true);
    tf.dispose(f);
    disposeResult(r);
  });
});

describe('Cholesky-QR iteration: one step from a random start', () => {
  it('returns orthonormal columns even when one step leaves U far from orthonormal', async () => {
    for (const [seed, scales] of [[12, [30, 10, 3, 1]], [13, [100, 1, 1, 1, 1]], [14, [10, 9, 8, 7, 6, 5]]] as const) {
      const X = lowRankPlusNoise(createRng(seed), 200, 30, [...scales], 0.05);
      const f = tensorOf(X);
      const k = scales.length + 2;
      const r = await featureEigenspaceAsync(f, k, { iterations: 1 });
      const G = tf.tidy(() => tf.matMul(r.U, r.U, true, false).dataSync());
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) expect(Math.abs(G[i * k + j] - (i === j ? 1 : 0))).toBeLessThan(1e-4);
      const v = r.values.dataSync();
      for (let i = 1; i < k; i++) expect(v[i]).toBeLessThanOrEqual(v[i - 1]);
      tf.dispose(f);
      disposeResult(r);
    }
  });
});
