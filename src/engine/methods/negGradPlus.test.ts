import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cloneModel, disposeModel } from '../models/model';
import { l2ToOriginal, negGradPlus } from './negGradPlus';
import { resolveParams } from './params';
import { optimizerFrom } from './shared';
import { accuracy, makeContext, makeFixture, meanCE, runMethod, type Fixture } from './testFixtures';

let fx: Fixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
});

describe('NegGrad+', () => {
  it('raises the forget loss while keeping retain accuracy (class-wise, α 0.9)', async () => {
    const ctx = await makeContext(fx, 'neggradplus');
    const { ds, data } = fx;
    const [ceBefore, raBefore] = [meanCE(ctx.model, ds, data.forget), await accuracy(ctx.model, ds, ds.train, data.retain)];
    const { events } = await runMethod(negGradPlus, ctx, { alpha: 0.9, epochs: 3, batchSize: 32, lr: 0.05 });
    // One step per retain batch, each paired with a forget batch.
    expect(events.filter((e) => e.type === 'step')).toHaveLength(3 * Math.ceil(data.retain.length / 32));
    expect(meanCE(ctx.model, ds, data.forget)).toBeGreaterThan(ceBefore + 0.5);
    expect(await accuracy(ctx.model, ds, ds.train, data.retain)).toBeGreaterThanOrEqual(raBefore - 0.02);
    disposeModel(ctx.model);
  });

  it('with α = 1 it is plain CE descent on the retain set (forget loss does not climb)', async () => {
    const ctx = await makeContext(fx, 'neggradplus');
    const before = meanCE(ctx.model, fx.ds, fx.data.retain);
    await runMethod(negGradPlus, ctx, { alpha: 1, epochs: 2, batchSize: 32 });
    expect(meanCE(ctx.model, fx.ds, fx.data.retain)).toBeLessThan(before);
    disposeModel(ctx.model);
  });

  it('steps with plain SGD by default, as the reference (momentum 0, no optimizer weight decay)', () => {
    const p = resolveParams('neggradplus', negGradPlus.params);
    expect(p.momentum).toBe(0);
    expect(p.weightDecay).toBe(0);
    const opt = optimizerFrom(p);
    expect((opt.constructor as unknown as { className: string }).className).toBe('SGD');
    opt.dispose();
  });

  it('l2ToOriginal is (wd/2)·‖θ − θ_o‖² (hand-computed: every weight +0.1)', () => {
    const moved = cloneModel(fx.original);
    tf.tidy(() => moved.weights.forEach((w) => w.assign(tf.add(w, 0.1))));
    const n = fx.original.weights.reduce((a, w) => a + w.size, 0);
    const got = tf.tidy(() => l2ToOriginal(moved, fx.original, 5e-4).dataSync()[0]);
    expect(got).toBeCloseTo((5e-4 / 2) * n * 0.01, 8);
    expect(tf.tidy(() => l2ToOriginal(fx.original, fx.original, 5e-4).dataSync()[0])).toBe(0);
    disposeModel(moved);
  });
});
