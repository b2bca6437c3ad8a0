import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { disposeModel } from '../models/model';
import { createRng } from '../random';
import { randomLabels, rl } from './rl';
import * as shared from './shared';
import { accuracy, makeContext, makeFixture, runMethod, type Fixture } from './testFixtures';

// Record every optimizer step RL takes (its samples and the labels it trains them on), passing the step through.
const steps: { idx: number[]; labels: number[] | null }[] = [];
vi.mock('./shared', async (importOriginal) => {
  const actual = await importOriginal<typeof shared>();
  return {
    ...actual,
    batchStep: (...args: Parameters<typeof actual.batchStep>) => {
      const [, , , idx, , , labels] = args;
      steps.push({ idx: Array.from(idx), labels: labels ? Array.from(idx, (i) => labels[i]) : null });
      return actual.batchStep(...args);
    },
  };
});

let fx: Fixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
});

describe('RL', () => {
  it('draws y′ uniformly from all K classes, the true class included', () => {
    const counts = new Array(4).fill(0);
    const rng = createRng(3);
    for (let i = 0; i < 100; i++) randomLabels(40, 4, rng).forEach((l) => counts[l]++);
    // 4,000 draws: each class 1,000 ± 4 std (std ≈ 27).
    counts.forEach((c) => expect(Math.abs(c - 1000)).toBeLessThan(110));
  });

  it('runs a forget pass then a full retain pass each epoch, with fresh labels per forget batch, and lowers forget accuracy', async () => {
    const ctx = await makeContext(fx, 'rl');
    const { ds, data } = fx;
    steps.length = 0;
    const batchSize = 16;
    const { events } = await runMethod(rl, ctx, { epochs: 2, batchSize });
    const [nF, nR] = [Math.ceil(data.forget.length / batchSize), Math.ceil(data.retain.length / batchSize)];
    expect(events.filter((e) => e.type === 'step')).toHaveLength(2 * (nF + nR));
    expect(steps).toHaveLength(2 * (nF + nR));
    const forget = new Set(data.forget);
    const labelsOf = new Map<number, number[]>();
    for (const epoch of [steps.slice(0, nF + nR), steps.slice(nF + nR)]) {
      // The first nF steps of an epoch cover D_f once, relabelled; the rest cover D_r once, on true labels.
      expect(epoch.slice(0, nF).flatMap((s) => s.idx).sort((a, b) => a - b)).toEqual(Array.from(data.forget).sort((a, b) => a - b));
      expect(epoch.slice(nF).flatMap((s) => s.idx).sort((a, b) => a - b)).toEqual(Array.from(data.retain).sort((a, b) => a - b));
      epoch.slice(nF).forEach((s) => { expect(s.labels).toBeNull(); s.idx.forEach((i) => expect(forget.has(i)).toBe(false)); });
      epoch.slice(0, nF).forEach((s) => s.idx.forEach((i, k) => labelsOf.set(i, [...(labelsOf.get(i) ?? []), s.labels![k]])));
    }
    const pairs = [...labelsOf.entries()];
    // Fresh draws per batch: a sample's two epochs disagree for about 3/4 of samples; y′ = y about 1/4 of the time.
    const changed = pairs.filter(([, ls]) => ls[0] !== ls[1]).length / pairs.length;
    const same = pairs.flatMap(([i, ls]) => ls.map((l) => l === ds.train.y[i])).filter(Boolean).length / (2 * pairs.length);
    expect(changed).toBeGreaterThan(0.5);
    expect(same).toBeGreaterThan(0.1);
    expect(same).toBeLessThan(0.4);
    const forgetAcc = await accuracy(ctx.model, ds, ds.train, data.forget);
    expect(forgetAcc).toBeLessThan(await accuracy(fx.original, ds, ds.train, data.forget) - 0.1);
    disposeModel(ctx.model);
  });
});
