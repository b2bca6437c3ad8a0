import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeModel } from '../models/model';
import { ft } from './ft';
import { makeContext, makeFixture, meanCE, runMethod, type Fixture } from './testFixtures';

let fx: Fixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
});

describe('FT', () => {
  it('lowers CE on the retain set with its defaults (SGD, 2 epochs)', async () => {
    const ctx = await makeContext(fx, 'ft');
    const before = meanCE(ctx.model, fx.ds, fx.data.retain);
    const { events } = await runMethod(ft, ctx);
    expect(events.filter((e) => e.type === 'step')).toHaveLength(2 * Math.ceil(fx.data.retain.length / 128));
    expect(meanCE(ctx.model, fx.ds, fx.data.retain)).toBeLessThan(before);
    disposeModel(ctx.model);
  });
});
