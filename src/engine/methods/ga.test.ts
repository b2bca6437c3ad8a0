import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeModel } from '../models/model';
import { ga } from './ga';
import { makeContext, makeFixture, meanCE, runMethod, type Fixture } from './testFixtures';

let fx: Fixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
});

describe('GA', () => {
  it('one step raises the forget loss', async () => {
    const ctx = await makeContext(fx, 'ga');
    const before = meanCE(ctx.model, fx.ds, fx.data.forget);
    // One batch holding the whole forget set, one epoch: exactly one step.
    const { events } = await runMethod(ga, ctx, { epochs: 1, batchSize: 4096, lr: 1e-3, earlyStop: false });
    expect(events.filter((e) => e.type === 'step')).toHaveLength(1);
    expect(meanCE(ctx.model, fx.ds, fx.data.forget)).toBeGreaterThan(before);
    disposeModel(ctx.model);
  });

  it('stops early, saying why, once the forget accuracy reaches the target', async () => {
    const ctx = await makeContext(fx, 'ga');
    const { outcome } = await runMethod(ga, ctx, { epochs: 100, batchSize: 16, lr: 0.01 });
    expect(outcome.status).toBe('stopped-early');
    expect(outcome.message).toMatch(/forget accuracy|test accuracy/);
    disposeModel(ctx.model);
  });
});
