import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyExperiment } from '../testing/tinyExperiment';
import { chooseTrial, type TrialRecord } from './report';
import { trialPlan, tune } from './tune';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = tinyExperiment();

describe('choosing a trial', () => {
  const t = (index: number, objective: number | null): TrialRecord => ({ index, params: {}, objective, status: 'ok' });
  it('takes the lowest avgGap and the highest ToW; ties go to the defaults (trial 0); failed trials never win', () => {
    expect(chooseTrial([t(0, 3), t(1, 2), t(2, null), t(3, 2)], 'avgGap')).toBe(1);
    expect(chooseTrial([t(0, 0.9), t(1, 0.95), t(2, 0.95)], 'ToW')).toBe(1);
    expect(chooseTrial([t(0, 2), t(1, 2)], 'avgGap')).toBe(0);
    expect(chooseTrial([t(0, null)], 'avgGap')).toBeNull();
  });
});

describe('trial plan', () => {
  it('gives every method the same number of trials, trial 0 its defaults, and a method\'s trials do not depend on the others', () => {
    const a = trialPlan(['ga', 'muda'], 4, 7);
    const b = trialPlan(['muda'], 4, 7);
    expect(a.ga).toHaveLength(4);
    expect(a.muda).toHaveLength(4);
    expect(a.ga[0]).toEqual({});
    expect(a.muda).toEqual(b.muda);
    expect(new Set(a.ga.map((p) => JSON.stringify(p))).size).toBe(4);
  });

  it('refuses Retrain: it is the reference, not a method to tune', () => {
    expect(() => trialPlan(['retrain'], 2, 1)).toThrow(/Retrain is the reference/);
  });
});

describe('tune (validation seed, then held-out seeds)', () => {
  it('records every trial, chooses the best on the validation seed, and reports chosen and defaults on the held-out seeds', async () => {
    const r = await tune(config, { methods: ['ft'], trials: 3, objective: 'avgGap', heldOutSeeds: 2 }, () => {}, new AbortController().signal);
    const ft = r.tuning.methods.ft;
    expect(ft.trials.map((x) => x.index)).toEqual([0, 1, 2]);
    ft.trials.forEach((x) => expect(Number.isFinite(x.objective)).toBe(true));
    // avgGap is the mean of the four |Δ| in points; the two trade-off gaps split the same four.
    ft.trials.forEach((x) => expect((x.gaps!.forget + x.gaps!.utility) / 4).toBeCloseTo(x.objective!, 6));
    expect(ft.chosen).toBe(chooseTrial(ft.trials, 'avgGap'));
    expect(r.tuning.heldOutSeeds).toEqual([3, 4]);
    expect(Object.keys(r.models).sort()).toEqual(['ft', 'ft#defaults', 'original', 'retrain']);
    expect(r.models.ft.runs).toHaveLength(2);
    // The reported held-out values are the models' own avgGap per seed.
    expect(ft.heldOut!.chosen.values).toEqual(r.models.ft.runs!.map((m) => m.metrics.avgGap));
    expect(ft.heldOut!.defaults.values).toEqual(r.models['ft#defaults'].runs!.map((m) => m.metrics.avgGap));
    expect(r.models.ft.params).toMatchObject(ft.trials[ft.chosen!].params);
  });

  it('runs the defaults once on each held-out seed when they were the chosen trial', async () => {
    const r = await tune(config, { methods: ['ft'], trials: 1, objective: 'avgGap', heldOutSeeds: 2 }, () => {}, new AbortController().signal);
    const ft = r.tuning.methods.ft;
    expect(ft.chosen).toBe(0);
    expect(Object.keys(r.models).sort()).toEqual(['ft', 'original', 'retrain']);
    expect(r.models.ft.label).toMatch(/tuned: its defaults/);
    expect(ft.heldOut!.defaults).toEqual(ft.heldOut!.chosen);
  });

  it('cancelled: keeps the finished trials, marks the report, runs no held-out seed', async () => {
    const ac = new AbortController();
    let seen = 0;
    const r = await tune(config, { methods: ['ft'], trials: 3, objective: 'avgGap', heldOutSeeds: 2 }, (e) => {
      if (e.type === 'progress' && e.message.startsWith('tuning:') && ++seen === 1) ac.abort();
    }, ac.signal);
    expect(r.tuning.cancelled).toBe(true);
    expect(r.tuning.methods.ft.trials).toHaveLength(1);
    expect(r.tuning.methods.ft.heldOut).toBeUndefined();
  });
});
