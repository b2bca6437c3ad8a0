import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFinite } from '../optimize';
import { disposeModel, snapshotModel } from '../models/model';
import { createRng } from '../random';
import { trainedFixture, type TrainedFixture } from '../testing/trainedFixture';
import { mapChunks } from '../batching';
import { daMetric } from '../metrics/alignment';
import { curveInterval, probeModel, runUnlearning, type RunOptions } from './runner';
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
function driftingMethod(badStep: number, steps = 5): UnlearningMethod {
  return {
    id: 'drift', label: 'Drift', summary: 'test', params: [],
    async *run(ctx) {
      for (let step = 1; step <= steps; step++) {
        const poison = step === badStep;
        ctx.model.weights.forEach((w) => w.assign(tf.tidy(() => (poison ? tf.mul(w, NaN) : tf.add(w, 0.01)))));
        yield { type: 'step', step, totalSteps: steps, loss: poison ? NaN : 1 / step };
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
    expect(await allFinite(out.model)).toBe(true);
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
    // The feature scatter is taken at the same steps, one [x, y] per kept sample, and it moves as the weights drift.
    const fs = out.featureSteps!;
    expect(fs.steps).toEqual([0, 2, 4, 5]);
    expect(fs.coords.every((snap) => snap.length === fs.indices.length && snap.every((p) => p.length === 2))).toBe(true);
    expect(fs.indices.length).toBe(fx.data.curve.forget.length + fx.data.curve.retainRef.length);
    expect(fs.coords[3]).not.toEqual(fs.coords[0]);
    disposeModel(out.model);
  });

  it('a long run gets at most about maxCurvePoints points, on a grid no finer than everySteps', async () => {
    expect(curveInterval(10, 900, 30)).toBe(30);
    expect(curveInterval(10, 200, 30)).toBe(10);
    expect(curveInterval(10, 900)).toBe(10);
    const out = await runUnlearning(driftingMethod(99, 20), {}, { ...options(), everySteps: 1, maxCurvePoints: 5 }, () => {});
    expect(out.curves.map((c) => c.step)).toEqual([0, 4, 8, 12, 16, 20]);
    disposeModel(out.model);
  });

  it('a probe (one pass over forget ∪ retain reference) gives the accuracies and DA of separate passes', async () => {
    const m = fx.original;
    const ds = fx.data.dataset;
    const { forget, test, retainRef } = fx.data.curve;
    const acc = async (split: typeof ds.train, idx: Int32Array) => {
      const logits = await mapChunks(ds, split, idx, 64, (x) => m.logits(x));
      let hits = 0;
      idx.forEach((sample, r) => {
        const row = Array.from(logits.data.subarray(r * logits.cols, (r + 1) * logits.cols));
        if (row.indexOf(Math.max(...row)) === split.y[sample]) hits++;
      });
      return hits / idx.length;
    };
    const feats = (idx: Int32Array) => mapChunks(ds, ds.train, idx, 64, (x) => m.features(x));
    const da = { tau: 0.95, centered: false };
    const { point: p } = await probeModel(m, fx.data, 3, 0.5, da);
    expect(p.step).toBe(3);
    expect(p.UA).toBeCloseTo(1 - (await acc(ds.train, forget)), 10);
    expect(p.RA).toBeCloseTo(await acc(ds.train, retainRef), 10);
    expect(p.TA).toBeCloseTo(await acc(ds.test, test), 10);
    expect(p.DA!).toBeCloseTo(daMetric(await feats(retainRef), await feats(forget), da).DA, 6);
  });

  it('the Original is never modified by a method run', async () => {
    const before = (await snapshotModel(fx.original)).tensors.map((t) => Array.from(t.data));
    const out = await runUnlearning(driftingMethod(99), {}, options(), () => {});
    const after = (await snapshotModel(fx.original)).tensors.map((t) => Array.from(t.data));
    expect(after).toEqual(before);
    disposeModel(out.model);
  });
});
