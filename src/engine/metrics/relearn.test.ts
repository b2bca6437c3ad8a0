import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cloneModel, createModel, disposeModel, HEAD_BIAS, weightName, type Model } from '../models/model';
import { createRng } from '../random';
import { train } from '../train';
import { drain, makeFixture, MLP, maxAbsDiff, weightsOf, type Fixture } from '../methods/testFixtures';
import { disposeBatch, makeBatch, randomBatch } from '../batching';
import { crossEntropy } from '../train';
import { meanForgetCE, relearn, relearnSteps, relearnSubset } from './relearn';

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

describe('relearn (early-exit CE checks)', () => {
  it('settles most checks chunk by chunk and finds exactly the step of a full check before every step', async () => {
    // The fixture's D_f is small (all of it is the subset): a prefix of 8 samples.
    const opts = { targetForgetLoss, rng: createRng(1), lr: 0.05, capSteps: 2000, prefixSize: 8 };
    const n0 = tf.memory().numTensors;
    const r = await relearn(retrained, fx.data, opts);
    expect(tf.memory().numTensors).toBe(n0);
    expect(r.reached).toBe(true);
    expect(r.prefixChecks + r.fullChecks).toBe(r.steps + 1);
    expect(r.prefixChecks).toBeGreaterThan(r.steps / 2);
    // Reference: the plain definition, with the full subset's mean CE before every step.
    const subset = relearnSubset(fx.data, createRng(1), 512);
    let reference = -1;
    const copy = cloneModel(retrained);
    const sgd = tf.train.sgd(0.05);
    const rng = createRng(1).fork('relearn/batches');
    const all = Int32Array.from([...fx.data.retain, ...fx.data.forget]);
    for (let step = 0; step < 2000; step++) {
      if ((await meanForgetCE(copy, fx.data, subset)) <= targetForgetLoss) { reference = step; break; }
      const b = makeBatch(fx.ds, fx.ds.train, randomBatch(all, 16, rng));
      sgd.minimize(() => crossEntropy(copy.logits(b.x), b.y, copy.numClasses), false, copy.weights);
      disposeBatch(b);
    }
    sgd.dispose();
    disposeModel(copy);
    expect(r.steps).toBe(reference);
  });

  it('reports the cap as not reached', async () => {
    const r = await relearn(retrained, fx.data, { targetForgetLoss: -1, rng: createRng(1), capSteps: 7 });
    expect(r).toMatchObject({ steps: 7, reached: false, capSteps: 7 });
  });

  it('stops at an aborted signal with the steps taken so far', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await relearnSteps(retrained, fx.data, { targetForgetLoss: -1, rng: createRng(1), signal: ac.signal })).toBe(0);
  });
});
