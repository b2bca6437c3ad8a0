import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../linalg/matrix';
import { featureEigenspaceAsync } from '../linalg/subspaceIteration';
import { createRng, type Rng } from '../random';
import { alignmentTensor, daMetric, dimensionalAlignment, retainEigenspace } from './alignment';
import { kForEnergyShare } from './energyShare';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Rows given as arrays → Matrix. */
const rows = (r: number[][]) => matrix(r.length, r[0].length, Float32Array.from(r.flat()));

/** Retain features in R^5: strong energy on e1, e2, weak on e3..e5 (rank 5). */
const retain5 = rows([
  [10, 0, 0, 0, 0], [-10, 0, 0, 0, 0], [0, 8, 0, 0, 0], [0, -8, 0, 0, 0],
  [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1],
]);

function lowRankPlusNoise(rng: Rng, n: number, C: number, scales: number[], noise: number, basisRng = rng): Matrix {
  const basis = scales.map(() => Array.from({ length: C }, () => basisRng.normal()));
  const data = new Float32Array(n * C);
  for (let i = 0; i < n; i++) {
    const z = scales.map((s) => s * rng.normal());
    for (let j = 0; j < C; j++) {
      let v = noise * rng.normal();
      z.forEach((zt, t) => { v += zt * basis[t][j]; });
      data[i * C + j] = v;
    }
  }
  return matrix(n, C, data);
}

describe('DA (exact, CPU)', () => {
  it('is 1 when forget features lie in the retain eigenspace', () => {
    const forget = rows([[3, 4, 0, 0, 0], [1, -2, 0, 0, 0], [0, 5, 0, 0, 0]]);
    const { DA, info } = daMetric(retain5, forget, { k: 2, centered: false });
    expect(Math.abs(DA - 1)).toBeLessThan(1e-12);
    expect(info).toMatchObject({ k: 2, tau: null, centered: false, rank: 5 });
  });

  it('is 0 when forget features are orthogonal to the retain eigenspace', () => {
    const forget = rows([[0, 0, 0, 2, 1], [0, 0, 0, -1, 3]]);
    expect(daMetric(retain5, forget, { k: 2, centered: false }).DA).toBeLessThan(1e-12);
  });

  it('is 1/√2 for one forget vector (1, 1, 0, 0, 0) against U = e1 (hand-computed)', () => {
    // Σ_f = v vᵀ with ‖v‖ = √2: ‖Σ_f e1‖ = |v₁|·‖v‖ = √2, ‖Σ_f‖_F = ‖v‖² = 2.
    const { DA } = daMetric(retain5, rows([[1, 1, 0, 0, 0]]), { k: 1, centered: false });
    expect(Math.abs(DA - Math.SQRT1_2)).toBeLessThan(1e-12);
  });

  it('picks the smallest k whose eigenvalues hold τ of the retain energy on spectrum (.5, .3, .15, .05)', () => {
    const X = rows([
      [Math.sqrt(50), 0, 0, 0, 0], [0, Math.sqrt(30), 0, 0, 0], [0, 0, Math.sqrt(15), 0, 0], [0, 0, 0, Math.sqrt(5), 0],
    ]);
    const pick = (tau: number) => retainEigenspace(X, { tau, centered: false });
    expect(pick(0.5).k).toBe(1);
    expect(pick(0.51).k).toBe(2);
    expect(pick(0.8).k).toBe(2);
    expect(pick(0.95).k).toBe(3); // exactly 0.5 + 0.3 + 0.15: the share equal to τ counts
    const es = pick(0.95);
    // float32 inputs: √50² is 50 only to ~1e-7 relative
    [0.5, 0.3, 0.15, 0.05, 0].forEach((v, i) => expect(Math.abs(es.values[i] - v)).toBeLessThan(1e-7));
    expect(es.tau).toBe(0.95);
  });

  it('clamps k below the rank and says so (k = rank would make DA trivially 1 on the retain span)', () => {
    const X = rows([[5, 0, 0], [0, 3, 0], [0, 0, 1]]); // rank 3
    const es = retainEigenspace(X, { tau: 0.9999, centered: false });
    expect(es.rank).toBe(3);
    expect(es.k).toBe(2);
    expect(es.note).toMatch(/clamped to 2/);
    const fixed = daMetric(X, X, { k: 3, centered: false });
    expect(fixed.info.k).toBe(2);
    expect(fixed.info.note).toMatch(/not below the rank 3/);
  });

  it('kForEnergyShare returns the full length when τ is never reached', () => {
    expect(kForEnergyShare([0.5, 0.3], 0.95)).toBe(2);
  });

  it('centers both sets with the retain mean when centered', () => {
    // Retain: mean m = 10·e3, spread ±3 along e1 and ±1 along e2 → centered rank 2, k = 1 ≈ e1.
    const retain = rows([[3, 0, 10], [-3, 0, 10], [0, 1, 10], [0, -1, 10]]);
    // Forget: m + b·e1 → minus the *retain* mean lies on e1.
    const forget = rows([[2, 0, 10], [-1, 0, 10]]);
    const centered = daMetric(retain, forget, { k: 1, centered: true });
    expect(Math.abs(centered.DA - 1)).toBeLessThan(1e-12);
    expect(centered.info.centered).toBe(true);
    // Uncentered, the top direction is the mean (e3): forget energy sits mostly there too.
    const plain = daMetric(retain, forget, { k: 1, centered: false });
    expect(plain.DA).toBeGreaterThan(0.9);
    expect(plain.DA).toBeLessThan(1 - 1e-6);
  });

  it('returns DA = 0 with a note for all-zero retain features, and 0 for all-zero forget features', () => {
    const zero = matrix(4, 3);
    const r = daMetric(zero, rows([[1, 2, 3]]), { centered: false });
    expect(r.DA).toBe(0);
    expect(r.info.k).toBe(0);
    expect(r.info.note).toMatch(/no energy/);
    expect(daMetric(retain5, matrix(2, 5), { k: 2, centered: false }).DA).toBe(0);
  });

  it('rejects a bad k, a bad τ and mismatched widths', () => {
    expect(() => retainEigenspace(retain5, { k: 0, centered: false })).toThrow(/k must be/);
    expect(() => retainEigenspace(retain5, { tau: 1.5, centered: false })).toThrow(/τ must be/);
    expect(() => daMetric(retain5, matrix(1, 4), { centered: false })).toThrow(/columns/);
  });
});

describe('DA with the GPU eigensolver (subspace iteration) vs the exact one', () => {
  const toBasis = (U: tf.Tensor2D) => ({ rows: U.shape[0], cols: U.shape[1], data: Float64Array.from(U.dataSync()) });

  it('agrees within 1e-3 on low-rank-plus-noise features, cold and warm', async () => {
    const rng = createRng(11);
    const basisRng = createRng(12);
    const C = 32;
    const Xr = lowRankPlusNoise(rng.fork('r'), 400, C, [6, 5, 4, 3, 2.5, 2], 0.3, basisRng.fork('b'));
    const Xf = lowRankPlusNoise(rng.fork('f'), 200, C, [4, 4, 3, 1, 1, 1], 1.0, basisRng.fork('b'));
    const exact = daMetric(Xr, Xf, { tau: 0.95, centered: false });
    const k = exact.info.k;
    expect(k).toBeGreaterThan(1);
    const fr = tf.tensor2d(Xr.data, [Xr.rows, C]);
    const cold = await featureEigenspaceAsync(fr, k, { iterations: 30 });
    const daCold = dimensionalAlignment(Xf, { U: toBasis(cold.U) });
    expect(Math.abs(daCold - exact.DA)).toBeLessThan(1e-3);
    // Warm: the next step's retain features are nudged; start from the cold U.
    const Xr2 = matrix(Xr.rows, C, Xr.data.map((v) => v + 0.02 * rng.normal()));
    const exact2 = daMetric(Xr2, Xf, { k, centered: false });
    const fr2 = tf.tensor2d(Xr2.data, [Xr2.rows, C]);
    const warm = await featureEigenspaceAsync(fr2, k, { init: cold.U, iterations: 4 });
    expect(Math.abs(dimensionalAlignment(Xf, { U: toBasis(warm.U) }) - exact2.DA)).toBeLessThan(1e-3);
    tf.dispose([fr, fr2, cold.U, cold.values, cold.totalEnergy, warm.U, warm.values, warm.totalEnergy]);
  });
});

describe('alignmentTensor (differentiable DA)', () => {
  const rng = createRng(21);
  const C = 16;
  const Xr = lowRankPlusNoise(rng.fork('r'), 300, C, [5, 4, 3, 2], 0.2, createRng(5));
  const Xf = lowRankPlusNoise(rng.fork('f'), 64, C, [3, 2, 2, 2], 1.0, createRng(6));

  it('equals daMetric within 1e-4, uncentered and centered', () => {
    for (const centered of [false, true]) {
      const { DA, eigenspace } = daMetric(Xr, Xf, { tau: 0.9, centered });
      const f = tf.tensor2d(Xf.data, [Xf.rows, C]);
      const U = tf.tensor2d(Float32Array.from(eigenspace.U.data), [C, eigenspace.k]);
      const mean = eigenspace.mean ? tf.tensor1d(Float32Array.from(eigenspace.mean)) : undefined;
      const t = alignmentTensor(f, U, mean);
      expect(Math.abs(t.dataSync()[0] - DA)).toBeLessThan(1e-4);
      tf.dispose([f, U, t, ...(mean ? [mean] : [])]);
    }
  });

  it('has a non-zero gradient w.r.t. the forget features, none w.r.t. U, and a small ascent step raises DA', () => {
    const { DA, eigenspace } = daMetric(Xr, Xf, { tau: 0.9, centered: false });
    expect(DA).toBeLessThan(0.99);
    const f = tf.tensor2d(Xf.data, [Xf.rows, C]);
    const U = tf.tensor2d(Float32Array.from(eigenspace.U.data), [C, eigenspace.k]);
    const [gF, gU] = tf.grads((x: tf.Tensor, u: tf.Tensor) => alignmentTensor(x as tf.Tensor2D, u as tf.Tensor2D))([f, U]);
    const gNorm = tf.norm(gF).dataSync()[0];
    expect(gNorm).toBeGreaterThan(1e-6);
    expect(tf.norm(gU).dataSync()[0]).toBe(0);
    const step = tf.add(f, tf.mul(gF, 0.1 / gNorm)) as tf.Tensor2D;
    const after = daMetric(Xr, matrix(Xf.rows, C, step.dataSync() as Float32Array), { tau: 0.9, centered: false }).DA;
    expect(after).toBeGreaterThan(DA + 1e-6);
    tf.dispose([f, U, gF, gU, step]);
  });

  it('stays finite, with a finite gradient, for all-zero and for orthogonal forget features', () => {
    const U = tf.tensor2d([[1], [0], [0]]);
    for (const x of [[[0, 0, 0], [0, 0, 0]], [[0, 1, 0], [0, 0, 2]]]) {
      const f = tf.tensor2d(x);
      const v = alignmentTensor(f, U).dataSync()[0];
      expect(v).toBeLessThan(1e-4);
      const g = tf.grad((t: tf.Tensor) => alignmentTensor(t as tf.Tensor2D, U))(f);
      expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
      tf.dispose([f, g]);
    }
    U.dispose();
  });
});
