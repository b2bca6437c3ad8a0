import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeModel } from '../models/model';
import { negGradPlus } from './negGradPlus';
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
    const { events } = await runMethod(negGradPlus, ctx, { alpha: 0.9, epochs: 3, batchSize: 32, earlyStop: false });
    // One step per retain batch, each paired with a forget batch.
    expect(events.filter((e) => e.type === 'step')).toHaveLength(3 * Math.ceil(data.retain.length / 32));
    expect(meanCE(ctx.model, ds, data.forget)).toBeGreaterThan(ceBefore + 0.5);
    expect(await accuracy(ctx.model, ds, ds.train, data.retain)).toBeGreaterThanOrEqual(raBefore - 0.02);
    disposeModel(ctx.model);
  });

  it('with α = 1 it is plain CE descent on the retain set (forget loss does not climb)', async () => {
    const ctx = await makeContext(fx, 'neggradplus');
    const before = meanCE(ctx.model, fx.ds, fx.data.retain);
    await runMethod(negGradPlus, ctx, { alpha: 1, epochs: 2, batchSize: 32, earlyStop: false });
    expect(meanCE(ctx.model, fx.ds, fx.data.retain)).toBeLessThan(before);
    disposeModel(ctx.model);
  });
});
