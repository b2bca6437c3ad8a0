import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EVAL } from './config';
import { collectOutputs, evaluateModel, type ModelOutputs } from './evaluate';
import { truthProbabilities } from './metrics/accuracy';
import { miaEfficacy } from './metrics/mia';
import { spectra } from './metrics/spectrum';
import { disposeModel } from './models/model';
import { createRng } from './random';
import { trainedFixture, type TrainedFixture } from './testing/trainedFixture';

let fx: TrainedFixture;
let outputs: ModelOutputs;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await trainedFixture();
  outputs = await collectOutputs(fx.original, fx.data);
});
afterAll(() => disposeModel(fx.original));

describe('evaluateModel', () => {
  for (const centered of [false, true]) {
    it(`reports the eigenspectra of the retain reference and forget features exactly (${centered ? 'centered' : 'uncentered'})`, () => {
      const ev = evaluateModel(outputs, fx.data, { ...DEFAULT_EVAL, daCentered: centered }, createRng(1));
      const { retainRef, forget } = outputs.features;
      expect(ev.metrics.daInfo?.k).toBeGreaterThanOrEqual(1);
      expect(ev.spectrum).toEqual(spectra(retainRef, forget, centered ? { center: true } : {}));
    });
  }

  it('clusters a forget sample with the retain reference: class-wise NMI of the Original is high, not 0', () => {
    const ev = evaluateModel(outputs, fx.data, DEFAULT_EVAL, createRng(1));
    // Retain reference: 120 samples of the 2 retained classes → 60 per class → 60 forget samples join them.
    expect(ev.metrics.clusterInfo).toMatchObject({ k: 3, forgetSize: 60, retainSize: 120 });
    expect(ev.metrics.NMI).toBeGreaterThan(0.5);
    expect(ev.metrics.F1).toBeGreaterThan(0.5);
  });

  it('MIA is the SVC attacker and MIAthreshold the threshold one, both on the scenario test set (class-wise: without the forgotten class)', () => {
    const ev = evaluateModel(outputs, fx.data, DEFAULT_EVAL, createRng(1));
    const { dataset: ds, test, retain, forget } = fx.data;
    expect(Array.from(test).some((i) => ds.test.y[i] === 2)).toBe(false); // the fixture forgets class 2
    const K = ds.numClasses;
    const labels = (y: Int32Array, idx: Int32Array) => Int32Array.from(idx, (i) => y[i]);
    const expected = miaEfficacy({
      retain: truthProbabilities(outputs.probs.retain.data, K, labels(ds.train.y, retain)),
      test: truthProbabilities(outputs.probs.test.data, K, labels(ds.test.y, test)),
      forget: truthProbabilities(outputs.probs.forget.data, K, labels(ds.train.y, forget)),
    }, createRng(1).fork('mia'));
    expect(ev.metrics.MIA).toBe(expected.MIA);
    expect(ev.metrics.MIAthreshold).toBe(expected.MIAthreshold);
    expect(expected.nonMembers).toBe(test.length);
  });
});
