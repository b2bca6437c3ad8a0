import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cloneModel, createModel, disposeModel, HEAD_BIAS, weightName, type Model } from '../models/model';
import { createRng } from '../random';
import { train } from '../train';
import { drain, makeFixture, MLP, maxAbsDiff, weightsOf, type Fixture } from '../methods/testFixtures';
import { meanForgetCE, relearnSteps, relearnSubset } from './relearn';

let fx: Fixture;
let retrained: Model;
let targetForgetLoss: number;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
  targetForgetLoss = await meanForgetCE(fx.original, fx.data, fx.data.forget);
  // Retrain: never saw the forgotten class.
  retrained = createModel(MLP, [8], 4, createRng(2));
  await drain(train(retrained, fx.ds, fx.ds.train, fx.data.retain, { epochs: 20, batchSize: 32, optimizer: 'adam', lr: 0.01, label: 'Retrain' }, createRng(3)));
});

describe('relearnSteps', () => {
  it('is 0 for the original model itself (already at its own level)', async () => {
    expect(await relearnSteps(fx.original, fx.data, { targetForgetLoss, rng: createRng(1) })).toBe(0);
  });

  it('takes steps for Retrain, relearns the forget set, and leaves the given model untouched', async () => {
    const before = await weightsOf(retrained);
    const ceBefore = await meanForgetCE(retrained, fx.data, fx.data.forget);
    expect(ceBefore).toBeGreaterThan(targetForgetLoss + 1);
    const n0 = tf.memory().numTensors;
    const steps = await relearnSteps(retrained, fx.data, { targetForgetLoss, rng: createRng(1), lr: 0.05, capSteps: 2000 });
    expect(tf.memory().numTensors).toBe(n0);
    expect(steps).toBeGreaterThan(5);
    expect(steps).toBeLessThan(2000);
    expect(maxAbsDiff(await weightsOf(retrained), before)).toBe(0);
    // Same seed, same count.
    expect(await relearnSteps(retrained, fx.data, { targetForgetLoss, rng: createRng(1), lr: 0.05, capSteps: 2000 })).toBe(steps);
  });

  it('returns capSteps when the level is never reached', async () => {
    expect(await relearnSteps(retrained, fx.data, { targetForgetLoss: -1, rng: createRng(1), capSteps: 7 })).toBe(7);
  });

  it('measures on a fixed, seeded forget subset: all of D_f when it is small enough', () => {
    expect(Array.from(relearnSubset(fx.data, createRng(1), 512))).toEqual(Array.from(fx.data.forget));
    const a = relearnSubset(fx.data, createRng(1), 10);
    expect(a).toHaveLength(10);
    expect(Array.from(relearnSubset(fx.data, createRng(1), 10))).toEqual(Array.from(a));
    for (const i of a) expect(fx.data.forget).toContain(i);
  });

  it('needs fewer steps for a model holding residual knowledge than for Retrain', async () => {
    // Head-only "forgetting": θ_o with the forgotten class's bias pushed down; its features still know the class.
    const headOnly = cloneModel(fx.original);
    const bias = headOnly.weights.find((w) => weightName(w) === HEAD_BIAS)!;
    tf.tidy(() => bias.assign(tf.sub(bias, tf.oneHot([0], 4).reshape([4]).mul(8))));
    expect(await meanForgetCE(headOnly, fx.data, fx.data.forget)).toBeGreaterThan(targetForgetLoss + 1);
    const opts = { targetForgetLoss, rng: createRng(1), lr: 0.05, capSteps: 2000 };
    expect(await relearnSteps(headOnly, fx.data, opts)).toBeLessThan(await relearnSteps(retrained, fx.data, opts));
    disposeModel(headOnly);
  });
});
