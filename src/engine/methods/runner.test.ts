import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFinite } from '../optimize';
import { disposeModel, snapshotModel } from '../models/model';
import { createRng } from '../random';
import { trainedFixture, type TrainedFixture } from '../testing/trainedFixture';
import { runUnlearning, type RunOptions } from './runner';
import type { UnlearningMethod } from './types';

let fx: TrainedFixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await trainedFixture();
});
afterAll(() => disposeModel(fx.original));

const options = (): RunOptions => ({
  original: fx.original, data: fx.data, rng: createRng(1), signal: new AbortController().signal,
  train: fx.trainOpts, everySteps: 1, da: { tau: 0.95, centered: false }, modelId: 'test',
});

/** Adds `delta` to every weight per step; at step `badStep` writes NaN into the weights and reports a NaN loss. */
function driftingMethod(badStep: number): UnlearningMethod {
  return {
    id: 'drift', label: 'Drift', summary: 'test', params: [],
    async *run(ctx) {
      for (let step = 1; step <= 5; step++) {
        const poison = step === badStep;
        ctx.model.weights.forEach((w) => w.assign(tf.tidy(() => (poison ? tf.mul(w, NaN) : tf.add(w, 0.01)))));
        yield { type: 'step', step, totalSteps: 5, loss: poison ? NaN : 1 / step };
      }
      return { status: 'ok' };
    },
  };
}

describe('method runner', () => {
  it('divergence stops that method, says which and where, and keeps the last finite weights', async () => {
    const logs: string[] = [];
    const out = await runUnlearning(driftingMethod(3), {}, options(), (e) => { if (e.type === 'log') logs.push(e.message); });
    expect(out.status).toBe('diverged');
    expect(out.message).toMatch(/Drift diverged at step 3/);
    expect(logs.join('\n')).toMatch(/Drift diverged at step 3/);
    expect(allFinite(out.model)).toBe(true);
    // Rolled back to weights from before the poisoned step: the Original + 0.01 × (1 or 2 steps).
    const o = (await snapshotModel(fx.original)).tensors[0].data;
    const u = (await snapshotModel(out.model)).tensors[0].data;
    const shift = u[0] - o[0];
    expect([0.01, 0.02].some((s) => Math.abs(shift - s) < 1e-5)).toBe(true);
    // The curve ends at the kept model, with finite values.
    expect(Number.isFinite(out.curves.at(-1)!.UA!)).toBe(true);
    disposeModel(out.model);
  });

  it('a finished run records a curve point every N steps plus step 0, and its RTE excludes probes', async () => {
    const out = await runUnlearning(driftingMethod(99), {}, { ...options(), everySteps: 2 }, () => {});
    expect(out.status).toBe('ok');
    expect(out.curves.map((c) => c.step)).toEqual([0, 2, 4, 5]);
    expect(out.timeMs).toBeGreaterThanOrEqual(0);
    disposeModel(out.model);
  });

  it('the Original is never modified by a method run', async () => {
    const before = (await snapshotModel(fx.original)).tensors.map((t) => Array.from(t.data));
    const out = await runUnlearning(driftingMethod(99), {}, options(), () => {});
    const after = (await snapshotModel(fx.original)).tensors.map((t) => Array.from(t.data));
    expect(after).toEqual(before);
    disposeModel(out.model);
  });
});
