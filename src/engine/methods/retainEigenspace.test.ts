import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gram } from '../linalg/gram';
import { principalAngles } from '../linalg/principalAngles';
import { leadingColumns, symmetricEigen } from '../linalg/symmetricEigen';
import { kForEnergyShare } from '../metrics/energyShare';
import { createRng, type Rng } from '../random';
import { EXACT_MAX_C, margin, RetainEigenspaceTracker } from './retainEigenspace';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** n × C features with a fixed random basis and the given per-direction scales, plus noise. */
function features(rng: Rng, basisRng: Rng, n: number, C: number, scales: number[], noise: number): Float32Array {
  const basis = scales.map(() => Array.from({ length: C }, () => basisRng.normal()));
  const out = new Float32Array(n * C);
  for (let i = 0; i < n; i++) {
    const z = scales.map((s) => s * rng.normal());
    for (let j = 0; j < C; j++) {
      let v = noise * rng.normal();
      for (let t = 0; t < scales.length; t++) v += z[t] * basis[t][j];
      out[i * C + j] = v;
    }
  }
  return out;
}

function exact(data: Float32Array, n: number, C: number, tau: number) {
  const eig = symmetricEigen(gram({ rows: n, cols: C, data }), C);
  const total = eig.values.reduce((a, b) => a + b, 0);
  const k = kForEnergyShare(Array.from(eig.values, (v) => v / total), tau);
  return { k, U: leadingColumns(eig.vectors, k) };
}

const basisOf = (U: tf.Tensor2D) => ({ rows: U.shape[0], cols: U.shape[1], data: Float64Array.from(U.dataSync()) });

describe('RetainEigenspaceTracker', () => {
  const n = 128;
  const C = 96;
  const scales = [6, 5, 4, 3, 2.5];

  for (const solver of ['cpu', 'gpu'] as const) {
    it(`${solver}: agrees with the exact solver over a drifting sequence of batches (same k, angles < 1e-2 rad), wide C`, async () => {
      expect(C).toBeGreaterThan(EXACT_MAX_C);
      const t = new RetainEigenspaceTracker({ solver, tau: 0.95, centered: false, kMax: 32, rng: createRng(1) });
      const before = tf.memory().numTensors;
      for (let step = 0; step < 6; step++) {
        // Same basis, new samples each step: the eigenspace drifts a little, as under MUDA.
        const data = features(createRng(100 + step), createRng(7), n, C, scales, 0.3);
        const f = tf.tensor2d(data, [n, C]);
        const es = await t.refresh(f);
        f.dispose();
        const ex = exact(data, n, C, 0.95);
        expect(es.k).toBe(ex.k);
        expect(Math.max(...principalAngles(basisOf(es.U), ex.U))).toBeLessThan(1e-2);
        // The iterated width follows k: k + margin once warm.
        if (step > 0) expect(t.columns).toBe(ex.k + margin(ex.k));
      }
      // 'cpu' on wide features: exact once (the seed), then the iteration passed its residual check.
      expect(t.exactRefreshes).toBe(solver === 'cpu' ? 1 : 0);
      expect(t.refreshes).toBe(6);
      t.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('cpu: a refresh whose iterate fails the residual check, or whose k needs more than kMax + margin columns, is solved exactly', async () => {
    // residualTol 1e-12: no float32 iterate passes, so every refresh falls back to the exact solver.
    const strict = new RetainEigenspaceTracker({ solver: 'cpu', tau: 0.95, centered: false, kMax: 32, rng: createRng(1), residualTol: 1e-12 });
    for (let step = 0; step < 3; step++) {
      const data = features(createRng(100 + step), createRng(7), n, C, scales, 0.3);
      const f = tf.tensor2d(data, [n, C]);
      const es = await strict.refresh(f);
      f.dispose();
      const ex = exact(data, n, C, 0.95);
      expect(es.k).toBe(ex.k);
      expect(Math.max(...principalAngles(basisOf(es.U), ex.U))).toBeLessThan(1e-4);
    }
    expect(strict.exactRefreshes).toBe(3);
    strict.dispose();
    // kMax = 2 but τ needs 5 directions: the exact k (5), not kMax, from the exact solver.
    const narrow = new RetainEigenspaceTracker({ solver: 'cpu', tau: 0.95, centered: false, kMax: 2, rng: createRng(1) });
    for (let step = 0; step < 2; step++) {
      const data = features(createRng(100 + step), createRng(7), n, C, scales, 0.3);
      const f = tf.tensor2d(data, [n, C]);
      expect((await narrow.refresh(f)).k).toBe(exact(data, n, C, 0.95).k);
      f.dispose();
    }
    expect(narrow.exactRefreshes).toBe(2);
    narrow.dispose();
  });

  it('gpu: grows its width when τ needs more columns than it iterates, and caps k at kMax', async () => {
    const t = new RetainEigenspaceTracker({ solver: 'gpu', tau: 0.95, centered: false, kMax: 32, rng: createRng(1) });
    const a = tf.tensor2d(features(createRng(1), createRng(7), n, C, [6, 1], 0.1), [n, C]);
    expect((await t.refresh(a)).k).toBeLessThanOrEqual(2);
    const warmWidth = t.columns;
    // Now 14 comparable directions: τ lies far beyond the warm width.
    const data = features(createRng(2), createRng(9), n, C, Array.from({ length: 14 }, (_, i) => 5 - 0.1 * i), 0.2);
    const b = tf.tensor2d(data, [n, C]);
    const es = await t.refresh(b);
    const ex = exact(data, n, C, 0.95);
    expect(t.columns).toBeGreaterThan(warmWidth);
    expect(es.k).toBe(ex.k);
    expect(Math.max(...principalAngles(basisOf(es.U), ex.U))).toBeLessThan(1e-2);
    // Isotropic features: τ = 0.95 needs ~0.95·C directions; kMax = 5 caps k.
    const capped = new RetainEigenspaceTracker({ solver: 'gpu', tau: 0.95, centered: false, kMax: 5, rng: createRng(1) });
    const iso = tf.randomNormal([n, 40], 0, 1, 'float32', 3) as tf.Tensor2D;
    expect((await capped.refresh(iso)).k).toBe(5);
    expect(capped.columns).toBeLessThanOrEqual(5 + margin(5));
    tf.dispose([a, b, iso]);
    t.dispose();
    capped.dispose();
  });

  for (const solver of ['gpu', 'cpu'] as const) {
    it(`${solver} with a fixed k (centered) iterates k + margin columns and returns k of them`, async () => {
      const t = new RetainEigenspaceTracker({ solver, tau: 0.95, fixedK: 3, centered: true, kMax: 32, rng: createRng(1) });
      for (let step = 0; step < 2; step++) {
        const f = tf.tensor2d(features(createRng(1 + step), createRng(7), n, C, scales, 0.3), [n, C]);
        const es = await t.refresh(f);
        f.dispose();
        expect(es.k).toBe(3);
        expect(es.U.shape).toEqual([C, 3]);
        expect(es.mean?.shape).toEqual([C]);
      }
      expect(t.columns).toBe(3 + margin(3));
      expect(t.exactRefreshes).toBe(solver === 'cpu' ? 1 : 0);
      t.dispose();
    });
  }
});
