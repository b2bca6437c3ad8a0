import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatherLabels } from '../data/dataset';
import { disposeModel } from '../models/model';
import { adversarialInput, boundaryShrink, neighbourLabels } from './boundaryShrink';
import { accuracy, makeContext, makeFixture, maxAbsDiff, runMethod, weightsOf, type Fixture } from './testFixtures';

let fx: Fixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
});

describe('Boundary Shrink', () => {
  it('FGSM on θ_o moves most forget samples across a boundary: y_nbi ≠ y', async () => {
    const nbi = await neighbourLabels(fx.original, fx.ds, fx.data.forget, 1);
    const y = gatherLabels(fx.ds.train, fx.data.forget);
    const moved = nbi.labels.filter((l, i) => l !== y[i]).length;
    expect(moved / y.length).toBeCloseTo(nbi.successShare, 12);
    expect(nbi.successShare).toBeGreaterThan(0.6);
    // ε = 0 is no attack: θ_o's own predictions, so y_nbi ≠ y only where θ_o errs.
    const none = await neighbourLabels(fx.original, fx.ds, fx.data.forget, 0);
    expect(none.successShare).toBeCloseTo(1 - await accuracy(fx.original, fx.ds, fx.ds.train, fx.data.forget), 12);
  });

  it('attacks the frozen θ_o (left unchanged), reports the success share, and trains the forget set away', async () => {
    const ctx = await makeContext(fx, 'boundary-shrink');
    const before = await weightsOf(fx.original);
    const { events, outcome } = await runMethod(boundaryShrink, ctx, { epsilon: 1, epochs: 5, batchSize: 16, lr: 0.01 });
    expect(maxAbsDiff(await weightsOf(fx.original), before)).toBe(0);
    const expected = (await neighbourLabels(fx.original, fx.ds, fx.data.forget, 1)).successShare;
    expect(outcome.notes?.attackSuccess).toBe(expected);
    expect(events.some((e) => e.type === 'log' && /attack success share/.test(e.message))).toBe(true);
    expect(await accuracy(ctx.model, fx.ds, fx.ds.train, fx.data.forget)).toBeLessThan(0.5);
    disposeModel(ctx.model);
  });

  it('clips image inputs to [0, 1]: once ε exceeds every |x| + 1, x_adv sits on a corner of the box and ε no longer matters', async () => {
    const images = { ...fx.ds, inputShape: [2, 4, 1], normalization: undefined };
    expect(Math.max(...Array.from(fx.ds.train.x, Math.abs))).toBeLessThan(9);
    const a = await neighbourLabels(fx.original, images, fx.data.forget, 10);
    const b = await neighbourLabels(fx.original, images, fx.data.forget, 1000);
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
  });

  it('rounds image x_adv to the byte grid inside [0, 1] (the reference\'s discretize); other inputs keep the raw step', () => {
    const x = tf.tensor2d(Array.from({ length: 3 * 8 }, (_, i) => (i % 7) / 7), [3, 8]);
    const y = tf.tensor1d([0, 1, 2], 'int32');
    const image = adversarialInput(fx.original, x, y, 0.3 / 255 + 0.05, true).dataSync();
    image.forEach((v) => {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      expect(Math.abs(v * 255 - Math.round(v * 255))).toBeLessThan(1e-3);
    });
    const raw = adversarialInput(fx.original, x, y, 0.3 / 255 + 0.05, false).dataSync();
    expect(raw.some((v) => Math.abs(v * 255 - Math.round(v * 255)) > 0.1)).toBe(true);
    tf.dispose([x, y]);
  });
});
