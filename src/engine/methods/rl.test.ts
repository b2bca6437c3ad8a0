import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatherLabels } from '../data/dataset';
import { buildScenario } from '../data/scenarios';
import { disposeModel } from '../models/model';
import { createRng } from '../random';
import { forgetRandomLabels, rl } from './rl';
import { accuracy, makeContext, makeFixture, runMethod, type Fixture } from './testFixtures';

let fx: Fixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
});

describe('RL', () => {
  it('draws y′ ≠ y for every forget sample, spread over all other classes', () => {
    const data = buildScenario(fx.ds, { kind: 'random', fraction: 0.5 }, createRng(3), { retainReferenceSize: 10, curveSubsetSize: 10 });
    const y = gatherLabels(fx.ds.train, data.forget);
    const counts = new Map<string, number>();
    for (let seed = 1; seed <= 20; seed++) {
      const yPrime = forgetRandomLabels(data, createRng(seed));
      yPrime.forEach((l, i) => {
        expect(l).not.toBe(y[i]);
        expect(l >= 0 && l < 4).toBe(true);
        counts.set(`${y[i]}→${l}`, (counts.get(`${y[i]}→${l}`) ?? 0) + 1);
      });
    }
    // 4 true classes × 3 wrong labels each, all drawn; none of y→y.
    expect(counts.size).toBe(12);
  });

  it('interleaves one forget step with `retainSteps` retain steps, and lowers forget accuracy', async () => {
    const ctx = await makeContext(fx, 'rl');
    const { ds, data } = fx;
    const { events } = await runMethod(rl, ctx, { epochs: 3, batchSize: 16, retainSteps: 2 });
    expect(events.filter((e) => e.type === 'step')).toHaveLength(3 * Math.ceil(data.forget.length / 16) * 3);
    const forgetAcc = await accuracy(ctx.model, ds, ds.train, data.forget);
    expect(forgetAcc).toBeLessThan(await accuracy(fx.original, ds, ds.train, data.forget) - 0.1);
    disposeModel(ctx.model);
  });
});
