import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cloneModel, createModel, disposeModel, HEAD_BIAS, weightName, type Model } from '../models/model';
import { createRng } from '../random';
import { crossEntropy, train } from '../train';
import { drain, makeFixture, MLP, maxAbsDiff, weightsOf, type Fixture } from '../methods/testFixtures';
import { disposeBatch, makeBatch } from '../batching';
import { forgetAccuracy, relearn, relearnSamples, relearnSteps, relearnTarget, type RelearnSamples } from './relearn';

let fx: Fixture;
let retrained: Model;
let samples: RelearnSamples;
let targetAccuracy: number;
/** The defaults are set for MNIST (Retrain ≈ 15 steps); the tiny fixture's 8-D features need a larger step. */
const FIXTURE = { lr: 0.01, capSteps: 200 }; // Retrain: 28 steps here
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
  samples = relearnSamples(fx.data, createRng(1));
  targetAccuracy = await relearnTarget(fx.original, fx.data, samples);
  // Retrain: never saw the forgotten class.
  retrained = createModel(MLP, [8], 4, createRng(2));
  await drain(train(retrained, fx.ds, fx.ds.train, fx.data.retain, { epochs: 20, batchSize: 32, optimizer: 'adam', lr: 0.01, label: 'Retrain' }, createRng(3)));
});

describe('relearnSamples', () => {
  it('fits 16 forget + 16 retain samples and checks on up to 64 other forget samples', () => {
    // The fixture's D_f is class 0: 50 samples, so 16 are fitted and the other 34 checked.
    expect(fx.data.forget).toHaveLength(50);
    expect(samples.forgetFit).toBe(16);
    expect(samples.retainFit).toBe(16);
    expect(samples.fit).toHaveLength(32);
    expect(samples.check).toHaveLength(34);
    const forgetFit = Array.from(samples.fit.subarray(0, samples.forgetFit));
    for (const i of forgetFit) expect(fx.data.forget).toContain(i);
    for (const i of samples.fit.subarray(samples.forgetFit)) expect(fx.data.retain).toContain(i);
    for (const i of samples.check) {
      expect(fx.data.forget).toContain(i);
      expect(forgetFit).not.toContain(i);
    }
  });

  it('fits at most half of a small D_f, caps each part at its size, and is the same for the same seed', () => {
    expect(relearnSamples(fx.data, createRng(1), { forgetFitSize: 40 }).forgetFit).toBe(25);
    const s = relearnSamples(fx.data, createRng(1), { forgetFitSize: 4, retainFitSize: 6, checkSize: 10 });
    expect([s.forgetFit, s.retainFit, s.check.length]).toEqual([4, 6, 10]);
    const again = relearnSamples(fx.data, createRng(1), { forgetFitSize: 4, retainFitSize: 6, checkSize: 10 });
    expect(Array.from(again.fit)).toEqual(Array.from(s.fit));
    expect(Array.from(again.check)).toEqual(Array.from(s.check));
    const other = relearnSamples(fx.data, createRng(2), { forgetFitSize: 4, retainFitSize: 6, checkSize: 10 });
    expect(Array.from(other.check)).not.toEqual(Array.from(s.check));
  });
});

describe('relearn', () => {
  it('holds every model to half the Original\'s check accuracy, which the Original meets at step 0', async () => {
    const acc = await forgetAccuracy(fx.original, fx.data, samples.check);
    expect(acc).toBeGreaterThan(0.8);
    expect(Math.abs(targetAccuracy - 0.5 * acc)).toBeLessThan(1e-12);
    const r = await relearn(fx.original, fx.data, { samples, targetAccuracy });
    expect(r).toMatchObject({ steps: 0, reached: true });
  });

  it('takes Retrain several steps, relearns the forget class, and leaves the given model untouched', async () => {
    const before = await weightsOf(retrained);
    expect(await forgetAccuracy(retrained, fx.data, samples.check)).toBe(0);
    const n0 = tf.memory().numTensors;
    const r = await relearn(retrained, fx.data, { samples, targetAccuracy, ...FIXTURE });
    expect(tf.memory().numTensors).toBe(n0);
    expect(r.reached).toBe(true);
    expect(r.steps).toBeGreaterThan(10);
    expect(r.steps).toBeLessThan(r.info.capSteps);
    expect(maxAbsDiff(await weightsOf(retrained), before)).toBe(0);
    // Full-batch steps on fixed samples: the same count every time.
    expect(await relearnSteps(retrained, fx.data, { samples, targetAccuracy, ...FIXTURE })).toBe(r.steps);
  });

  it('counts exactly the steps of plain full-batch SGD until the check accuracy first reaches the target', async () => {
    const r = await relearn(retrained, fx.data, { samples, targetAccuracy, lr: 0.05 });
    const copy = cloneModel(retrained);
    const sgd = tf.train.sgd(0.05);
    const fit = makeBatch(fx.ds, fx.ds.train, samples.fit);
    let reference = -1;
    for (let step = 0; step < 100; step++) {
      if ((await forgetAccuracy(copy, fx.data, samples.check)) >= targetAccuracy) { reference = step; break; }
      sgd.minimize(() => crossEntropy(copy.logits(fit.x), fit.y, 4), false, copy.weights);
    }
    disposeBatch(fit);
    sgd.dispose();
    disposeModel(copy);
    expect(reference).toBeGreaterThan(0);
    expect(r.steps).toBe(reference);
  });

  it('needs at most half Retrain\'s steps for a model whose features still know the forgotten class', async () => {
    // Head-only "forgetting": the Original with the forgotten class's bias pushed down.
    const headOnly = cloneModel(fx.original);
    const bias = headOnly.weights.find((w) => weightName(w) === HEAD_BIAS)!;
    tf.tidy(() => bias.assign(tf.sub(bias, tf.oneHot([0], 4).reshape([4]).mul(8))));
    expect(await forgetAccuracy(headOnly, fx.data, samples.check)).toBeLessThan(0.1);
    const fast = await relearnSteps(headOnly, fx.data, { samples, targetAccuracy, ...FIXTURE });
    const slow = await relearnSteps(retrained, fx.data, { samples, targetAccuracy, ...FIXTURE });
    expect(fast).toBeGreaterThan(0);
    expect(slow).toBeLessThan(FIXTURE.capSteps);
    expect(fast).toBeLessThanOrEqual(slow / 2);
    disposeModel(headOnly);
  });

  it('reports the cap, not reached, when the target cannot be met', async () => {
    const r = await relearn(retrained, fx.data, { samples, targetAccuracy: 1.01, capSteps: 7 });
    expect(r).toMatchObject({ steps: 7, reached: false, info: { capSteps: 7, reached: false, targetAccuracy: 1.01, forgetFit: 16, retainFit: 16, check: 34 } });
  });

  it('stops at an aborted signal with the steps taken so far, not reached', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await relearn(retrained, fx.data, { samples, targetAccuracy, signal: ac.signal })).toMatchObject({ steps: 0, reached: false });
  });
});
