import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatherInputs, gatherLabels } from '../data/dataset';
import { bindModel, disposeModel } from '../models/model';
import { crossEntropy } from './losses';
import { dampen, importance, progressSteps, ssd } from './ssd';
import { makeContext, makeFixture, runMethod, weightsOf, type Fixture } from './testFixtures';

let fx: Fixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
});

async function finish<R>(g: AsyncGenerator<unknown, R>): Promise<R> {
  for (;;) {
    const r = await g.next();
    if (r.done) return r.value;
  }
}

describe('SSD', () => {
  it('importance is the mean over samples of the squared per-sample gradient (batch size 1)', async () => {
    const idx = fx.data.forget.subarray(0, 3);
    const imp = (await finish(importance(fx.original, fx.ds, idx, 1)))!;
    const perSample = Array.from(idx, (i) => tf.tidy(() => {
      const x = tf.tensor2d(gatherInputs(fx.ds, fx.ds.train, [i]), [1, 8]);
      const y = tf.tensor1d(gatherLabels(fx.ds.train, [i]), 'int32');
      const { grads } = tf.variableGrads(() => crossEntropy(fx.original.logits(x), y, 4), fx.original.weights);
      return fx.original.weights.map((w) => tf.square(grads[w.name]).dataSync());
    }));
    fx.original.weights.forEach((_, k) => {
      const got = imp[k].dataSync();
      got.forEach((v, j) => expect(v).toBeCloseTo((perSample[0][k][j] + perSample[1][k][j] + perSample[2][k][j]) / 3, 6));
    });
    tf.dispose(imp);
  });

  it('dampen: ratio ≤ α leaves the weight bit-for-bit; above α scales it by min(λ·I_D/I_f, 1)', async () => {
    const w = tf.variable(tf.tensor1d([0.3, -1.7, 2.5, 0.9, -0.4, 1.1]));
    const model = bindModel(fx.original.config, [8], 4, [w]);
    const iD = [tf.tensor1d([1, 1, 1, 0, 0, 2])];
    const iF = [tf.tensor1d([5, 20, 50, 0, 3, 30])];
    const n = await dampen(model, iD, iF, 10, 2);
    // ratios 5, 20, 50, —, ∞, 15 against α = 10 → dampen entries 1, 2, 4, 5.
    expect(n).toBe(4);
    const got = w.dataSync();
    expect(got[0]).toBe(Math.fround(0.3));
    expect(got[3]).toBe(Math.fround(0.9));
    expect(got[1]).toBeCloseTo(-1.7 * (2 / 20), 6);
    expect(got[2]).toBeCloseTo(2.5 * (2 / 50), 6);
    expect(got[4]).toBe(-0);
    expect(got[5]).toBeCloseTo(1.1 * (4 / 30), 6);
    tf.dispose([w, ...iD, ...iF]);
  });

  it('estimates I_D over D_r then D_f in index order (the reference\'s unshuffled ConcatDataset) and dampens exactly the weights with I_f > α·I_D', async () => {
    const params = { alpha: 2, lambda: 1, batchSize: 16, forgetBatchSize: 16 };
    const ctx = await makeContext(fx, 'ssd');
    const { outcome } = await runMethod(ssd, ctx, params);
    // Mini-batch squares depend on which samples share a batch: only this order reproduces the run's I_D.
    const forget = fx.data.forget.slice().sort();
    const trainD = Int32Array.from([...fx.data.retain.slice().sort(), ...forget]);
    const iD = (await finish(importance(fx.original, fx.ds, trainD, params.batchSize)))!;
    const iF = (await finish(importance(fx.original, fx.ds, forget, params.forgetBatchSize)))!;
    const [after, before] = [await weightsOf(ctx.model), await weightsOf(fx.original)];
    let selected = 0;
    let shrunk = 0;
    iD.forEach((t, k) => {
      const [d, f] = [t.dataSync(), iF[k].dataSync()];
      for (let i = 0; i < d.length; i++) {
        if (f[i] > params.alpha * d[i]) {
          selected++;
          if (Math.abs(after[k][i]) < Math.abs(before[k][i])) shrunk++;
          expect(after[k][i]).toBeCloseTo(before[k][i] * Math.min(d[i] / f[i], 1), 6);
        } else {
          expect(after[k][i]).toBe(before[k][i]);
        }
      }
    });
    expect(selected).toBeGreaterThan(0);
    expect(shrunk).toBe(selected);
    expect(outcome.notes?.dampenedWeights).toBe(selected);
    tf.dispose([...iD, ...iF]);
    disposeModel(ctx.model);
  });

  it.each([1, 7, 32, 100])('yields exactly progressSteps(n) progress points (batch size %i)', async (gradBatchSize) => {
    const idx = Int32Array.from({ length: 600 }, (_, i) => fx.data.retain[i % fx.data.retain.length]);
    const gen = importance(fx.original, fx.ds, idx, gradBatchSize);
    let yields = 0;
    for (;;) {
      const r = await gen.next();
      if (r.done) {
        tf.dispose(r.value!);
        break;
      }
      yields++;
    }
    expect(yields).toBe(progressSteps(600, gradBatchSize));
    expect(yields).toBeGreaterThan(0);
  });
});
