import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBatch } from '../batching';
import { cloneModel, disposeModel, type Model } from '../models/model';
import { distillationKL } from './losses';
import { decayedLearningRate, maxStepLoss, scrub } from './scrub';
import { TeacherLogits } from './teacherLogits';
import { makeContext, makeFixture, maxAbsDiff, runMethod, weightsOf, type Fixture } from './testFixtures';

let fx: Fixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
});

/** KL_T(θ_o ‖ θ) on the whole forget set. */
function forgetKL(student: Model, T = 4): number {
  const b = makeBatch(fx.ds, fx.ds.train, fx.data.forget);
  const kl = tf.tidy(() => distillationKL(fx.original.logits(b.x), student.logits(b.x), T).dataSync()[0]);
  b.x.dispose();
  b.y.dispose();
  return kl;
}

describe('SCRUB', () => {
  it('a max-step raises KL(θ_o ‖ θ) on the forget set (from a student already off θ_o)', async () => {
    const student = cloneModel(fx.original);
    // Nudge the student off θ_o: at θ = θ_o the KL and its gradient are exactly zero.
    tf.tidy(() => student.weights.forEach((w) => w.assign(tf.mul(w, 0.97))));
    const before = forgetKL(student);
    const opt = tf.train.sgd(0.05);
    const b = makeBatch(fx.ds, fx.ds.train, fx.data.forget);
    const teacher = await TeacherLogits.of(fx.original, fx.ds, fx.data.forget);
    opt.minimize(() => maxStepLoss(teacher, student, b, 4), false, student.weights);
    expect(forgetKL(student)).toBeGreaterThan(before);
    teacher.dispose();
    tf.dispose([b.x, b.y]);
    opt.dispose();
    disposeModel(student);
  });

  it('its max-steps leave the forget set further from θ_o than min-steps alone (same seed, same retain stream)', async () => {
    const recipe = { epochs: 4, batchSize: 32, forgetBatchSize: 16, lr: 0.01 };
    const withMax = await makeContext(fx, 'same-stream');
    const minOnly = await makeContext(fx, 'same-stream');
    await runMethod(scrub, withMax, { ...recipe, maxEpochs: 3 });
    await runMethod(scrub, minOnly, { ...recipe, maxEpochs: 0 });
    expect(forgetKL(withMax.model)).toBeGreaterThan(2 * forgetKL(minOnly.model));
    disposeModel(withMax.model);
    disposeModel(minOnly.model);
  });

  it('counts max-passes only in the first maxEpochs epochs', async () => {
    const ctx = await makeContext(fx, 'scrub');
    const { events } = await runMethod(scrub, ctx, { epochs: 3, maxEpochs: 2, batchSize: 64, forgetBatchSize: 16 });
    const perMax = Math.ceil(fx.data.forget.length / 16);
    const perMin = Math.ceil(fx.data.retain.length / 64);
    expect(events.filter((e) => e.type === 'step')).toHaveLength(2 * perMax + 3 * perMin);
    disposeModel(ctx.model);
  });

  it('decays the learning rate as the reference does: ×rate once per decay epoch already passed (1-based)', () => {
    const lrs = Array.from({ length: 10 }, (_, e) => decayedLearningRate(5e-4, e + 1, [5, 8, 9], 0.1));
    [5e-4, 5e-4, 5e-4, 5e-4, 5e-4, 5e-5, 5e-5, 5e-5, 5e-6, 5e-7].forEach((want, e) => expect(lrs[e]).toBeCloseTo(want, 12));
    expect(decayedLearningRate(5e-4, 3, [3, 5, 9], 0.1)).toBe(5e-4);
    expect(decayedLearningRate(5e-4, 4, [3, 5, 9], 0.1)).toBeCloseTo(5e-5, 12);
  });

  it('applies the decay in the run: with rate 0, an epoch after the decay epoch changes nothing', async () => {
    const recipe = { maxEpochs: 1, batchSize: 32, forgetBatchSize: 16, lr: 0.01, lrDecayEpochs: '3,5,9', lrDecayRate: 0 };
    const three = await makeContext(fx, 'same-stream');
    const four = await makeContext(fx, 'same-stream');
    await runMethod(scrub, three, { ...recipe, epochs: 3 });
    await runMethod(scrub, four, { ...recipe, epochs: 4 });
    expect(maxAbsDiff(await weightsOf(three.model), await weightsOf(fx.original))).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(await weightsOf(three.model), await weightsOf(four.model))).toBe(0);
    disposeModel(three.model);
    disposeModel(four.model);
  });
});
