import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatherInputs, gatherLabels } from '../data/dataset';
import { HEAD_BIAS, HEAD_WEIGHT, weightName, disposeModel, type Model } from '../models/model';
import { boundaryExpand } from './boundaryExpand';
import { makeContext, makeFixture, runMethod, type Fixture } from './testFixtures';

let fx: Fixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
});

const weight = (m: Model, name: string) => m.weights.find((w) => weightName(w) === name)!;

/** Mean over D_f of (logit of the true class − largest other logit). */
function forgetMargin(m: Model): number {
  return tf.tidy(() => {
    const x = tf.tensor2d(gatherInputs(fx.ds, fx.ds.train, fx.data.forget), [fx.data.forget.length, 8]);
    const y = tf.oneHot(tf.tensor1d(gatherLabels(fx.ds.train, fx.data.forget), 'int32'), 4);
    const z = m.logits(x);
    const own = tf.sum(tf.mul(z, y), 1);
    const other = tf.max(tf.sub(z, tf.mul(y, 1e9)), 1);
    return tf.mean(tf.sub(own, other)).dataSync()[0];
  });
}

describe('Boundary Expand', () => {
  it('ends with K outputs again, the head\'s K columns changed, and the forget samples\' own class weakened', async () => {
    const ctx = await makeContext(fx, 'boundary-expand');
    const nVars = Object.keys(tf.engine().registeredVariables).length;
    await runMethod(boundaryExpand, ctx, { epochs: 5, batchSize: 16, lr: 0.01 });
    // The shadow head was temporary.
    expect(Object.keys(tf.engine().registeredVariables).length).toBe(nVars);
    expect(ctx.model.weights.length).toBe(fx.original.weights.length);
    expect(weight(ctx.model, HEAD_WEIGHT).shape).toEqual([8, 4]);
    expect(weight(ctx.model, HEAD_BIAS).shape).toEqual([4]);
    expect(tf.tidy(() => ctx.model.logits(tf.zeros([3, 8])).shape)).toEqual([3, 4]);
    const [after, before] = [weight(ctx.model, HEAD_WEIGHT).arraySync() as number[][], weight(fx.original, HEAD_WEIGHT).arraySync() as number[][]];
    for (let c = 0; c < 4; c++) {
      const change = Math.max(...after.map((row, f) => Math.abs(row[c] - before[f][c])));
      expect(change, `column ${c}`).toBeGreaterThan(1e-4);
    }
    // The forget samples' own class lost ground against the other K − 1 classes.
    expect(forgetMargin(ctx.model)).toBeLessThan(forgetMargin(fx.original) - 0.5);
    disposeModel(ctx.model);
  });
});
