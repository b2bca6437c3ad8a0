import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeModel } from '../models/model';
import { ft } from './ft';
import { l1Norm, l1Sparse } from './l1Sparse';
import { makeContext, makeFixture, runMethod, type Fixture } from './testFixtures';

let fx: Fixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
});

const normOf = (ws: tf.Variable[]) => tf.tidy(() => l1Norm(ws).dataSync()[0]);

describe('ℓ1-sparse', () => {
  it('‖θ‖₁ sums |w| over every weight, biases included', () => {
    const ws = [tf.variable(tf.tensor1d([1, -2])), tf.variable(tf.tensor2d([[-0.5, 0], [3, -1]]))];
    expect(normOf(ws)).toBeCloseTo(7.5, 6);
    ws.forEach((w) => w.dispose());
  });

  it('ends with a smaller ‖θ‖₁ than FT under the same seed and recipe', async () => {
    const recipe = { epochs: 3, batchSize: 32 };
    const a = await makeContext(fx, 'same-stream');
    const b = await makeContext(fx, 'same-stream');
    await runMethod(ft, a, recipe);
    await runMethod(l1Sparse, b, { ...recipe, gamma: 1e-3 });
    const [nFt, nL1] = [normOf(a.model.weights), normOf(b.model.weights)];
    expect(nL1).toBeLessThan(nFt - 1e-3);
    disposeModel(a.model);
    disposeModel(b.model);
  });

  it('with γ = 0 it is FT exactly', async () => {
    const a = await makeContext(fx, 'same-stream');
    const b = await makeContext(fx, 'same-stream');
    await runMethod(ft, a, { epochs: 1 });
    await runMethod(l1Sparse, b, { epochs: 1, gamma: 0 });
    for (let k = 0; k < a.model.weights.length; k++) {
      expect(Array.from(b.model.weights[k].dataSync())).toEqual(Array.from(a.model.weights[k].dataSync()));
    }
    disposeModel(a.model);
    disposeModel(b.model);
  });
});
