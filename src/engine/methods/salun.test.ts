import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeModel } from '../models/model';
import { rl } from './rl';
import { forgetGradientMagnitudes, salun, topShareMasks } from './salun';
import { makeContext, makeFixture, maxAbsDiff, runMethod, weightsOf, type Fixture } from './testFixtures';

let fx: Fixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
});

const recipe = { epochs: 2, batchSize: 16 };

describe('SalUn', () => {
  it('masks the global top-ρ share, ties going to the lower flat index', () => {
    const s = [Float32Array.from([1, 2, 2]), Float32Array.from([2, 3])];
    expect(topShareMasks(s, 0.6).map((m) => Array.from(m))).toEqual([[0, 1, 1], [0, 1]]);
    expect(topShareMasks(s, 0.8).map((m) => Array.from(m))).toEqual([[0, 1, 1], [1, 1]]);
    expect(topShareMasks(s, 1).map((m) => Array.from(m))).toEqual([[1, 1, 1], [1, 1]]);
    expect(topShareMasks(s, 0).map((m) => Array.from(m))).toEqual([[0, 0, 0], [0, 0]]);
  });

  it('with ρ = 1 equals RL under the same seed', async () => {
    const a = await makeContext(fx, 'same-stream');
    const b = await makeContext(fx, 'same-stream');
    await runMethod(rl, a, recipe);
    await runMethod(salun, b, { ...recipe, rho: 1 });
    const [wa, wb] = [await weightsOf(a.model), await weightsOf(b.model)];
    expect(maxAbsDiff(wa, wb)).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDiff(wa, await weightsOf(fx.original))).toBeGreaterThan(1e-3);
    disposeModel(a.model);
    disposeModel(b.model);
  });

  it('with ρ = 0.3 moves only the salient weights, ranked on θ_o over D_f', async () => {
    const ctx = await makeContext(fx, 'salun');
    await runMethod(salun, ctx, { ...recipe, rho: 0.3 });
    const masks = topShareMasks(await forgetGradientMagnitudes(fx.original, fx.ds, fx.data.forget), 0.3);
    const total = masks.reduce((a, m) => a + m.length, 0);
    expect(masks.reduce((a, m) => a + m.reduce((c, v) => c + v, 0), 0)).toBe(Math.round(0.3 * total));
    const [after, before] = [await weightsOf(ctx.model), await weightsOf(fx.original)];
    let movedSalient = 0;
    masks.forEach((m, k) => m.forEach((keep, i) => {
      if (keep === 0) expect(after[k][i]).toBe(before[k][i]);
      else if (after[k][i] !== before[k][i]) movedSalient++;
    }));
    expect(movedSalient).toBeGreaterThan(0.5 * Math.round(0.3 * total));
    disposeModel(ctx.model);
  });
});
