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
    const { events } = await runMethod(ga, ctx, { epochs: 1, batchSize: 4096, lr: 1e-3 });
    expect(events.filter((e) => e.type === 'step')).toHaveLength(1);
    expect(meanCE(ctx.model, fx.ds, fx.data.forget)).toBeGreaterThan(before);
    disposeModel(ctx.model);
  });

  it('runs every step by default: no stopping rule reads anything', async () => {
    const ctx = await makeContext(fx, 'ga');
    const { events, outcome } = await runMethod(ga, ctx, { epochs: 3, batchSize: 16, lr: 0.01 });
    expect(outcome.status).toBe('ok');
    expect(events.filter((e) => e.type === 'step')).toHaveLength(3 * Math.ceil(fx.data.forget.length / 16));
    disposeModel(ctx.model);
  });

  it('with the forget-set rule, stops once forget accuracy reaches the target, saying why', async () => {
    const ctx = await makeContext(fx, 'ga');
    const { outcome } = await runMethod(ga, ctx, { epochs: 100, batchSize: 16, lr: 0.01, earlyStop: 'forget-set', stopForgetAcc: 0.2, dropMargin: 1 });
    expect(outcome.status).toBe('stopped-early');
    expect(outcome.message).toMatch(/^forget accuracy 0\.[0-2]\d* reached the target 0\.200/);
    disposeModel(ctx.model);
  });
});
