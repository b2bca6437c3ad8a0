import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EVAL } from './config';
import { collectOutputs, evaluateModel, type ModelOutputs } from './evaluate';
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
});
