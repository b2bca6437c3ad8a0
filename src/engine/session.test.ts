import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from './config';
import { CancelledError, ScenarioError } from './errors';
import type { LabEvent } from './events';
import { LabSession } from './session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = parseConfig({
  schemaVersion: 1,
  seed: 3,
  dataset: { name: 'blobs', options: { n: 400, classes: 3 } },
  model: { kind: 'mlp', hidden: [16], featureDim: 8 },
  train: { epochs: 4, batchSize: 32, lr: 0.01 },
  scenario: { kind: 'class', class: 1 },
  methods: [{ id: 'muda' }],
  eval: { retainReferenceSize: 100, curveSubsetSize: 50, everySteps: 5, relearn: true },
});

describe('lab session', () => {
  it('prepare → train Original → Retrain → MUDA and GA: every model measured, curves recorded, Results complete', async () => {
    const events: LabEvent[] = [];
    const s = new LabSession((e) => events.push(e));
    const summary = await s.prepare(config);
    expect(summary.split.train).toBe(320);
    expect(summary.points!.x.length).toBe(320);
    expect(summary.forgetClassCounts[1]).toBe(summary.split.forget);
    const ctl = new AbortController();
    const original = await s.trainOriginal(ctl.signal);
    expect(original.metrics.TA).toBeGreaterThan(0.9);
    const retrain = await s.runMethod({ id: 'retrain' }, ctl.signal);
    expect(retrain.metrics.UA).toBeGreaterThan(0.9); // never saw class 1
    await s.runMethod({ id: 'muda', params: { epochs: 3, retainSubset: 100, batchSize: 32 } }, ctl.signal);
    await s.runMethod({ id: 'ga', params: { epochs: 1 } }, ctl.signal);
    const r = s.results();
    expect(Object.keys(r.models)).toEqual(['original', 'retrain', 'muda', 'ga']);
    for (const m of Object.values(r.models)) {
      // A range, not a type check: NaN is a number too.
      for (const key of ['UA', 'RA', 'TA', 'MIA', 'lossMIA', 'DA', 'LP', 'NMI', 'F1', 'CKAvsOriginal', 'CKAvsRetrain', 'ToW'] as const) {
        expect(m.metrics[key], key).toBeGreaterThanOrEqual(0);
        expect(m.metrics[key], key).toBeLessThanOrEqual(1);
      }
      expect(m.metrics.avgGap, 'avgGap (percentage points)').toBeGreaterThanOrEqual(0);
      expect(m.metrics.avgGap, 'avgGap (percentage points)').toBeLessThanOrEqual(100);
      expect(m.spectrum.retain.length).toBe(8);
      expect(m.views!.boundary!.classes.length).toBe(60);
    }
    expect(r.models.retrain.metrics.avgGap).toBe(0);
    expect(r.models.retrain.metrics.ToW).toBe(1);
    // Relearn: the Original meets its own level at once; Retrain (forget accuracy 0) needs steps.
    expect(r.models.original.metrics).toMatchObject({ relearnSteps: 0, relearnInfo: { reached: true, capSteps: 50 } });
    expect(r.models.retrain.metrics.relearnSteps).toBeGreaterThan(0);
    expect(r.models.muda.metrics.relearnInfo!.targetAccuracy).toBe(r.models.original.metrics.relearnInfo!.targetAccuracy);
    expect(r.models.muda.curves.length).toBeGreaterThan(2);
    expect(r.environment.backend).toBe('cpu');
    expect(events.some((e) => e.type === 'model-done' && e.modelId === 'muda')).toBe(true);
    // The Original's training path is announced before its first step: tfjs ops here, and why.
    const pathAt = events.findIndex((e) => e.type === 'train-path');
    expect(events[pathAt]).toEqual({ type: 'train-path', modelId: 'original', path: { kind: 'tfjs', reason: 'the active tfjs backend is cpu, not webgpu' } });
    expect(pathAt).toBeLessThan(events.findIndex((e) => e.type === 'train-step'));
    const paths = events.filter((e) => e.type === 'train-path').map((e) => (e as { modelId: string }).modelId);
    expect(paths).toEqual(['original', 'retrain']);
    s.dispose();
  }, 60_000);

  it('a new forget set keeps the Original; an impossible one is rejected and changes nothing', async () => {
    const s = new LabSession(() => {});
    await s.prepare(config);
    const ctl = new AbortController();
    await s.trainOriginal(ctl.signal);
    await s.runMethod({ id: 'ga', params: { epochs: 1 } }, ctl.signal);
    await expect(s.setScenario({ kind: 'class', class: 9 })).rejects.toBeInstanceOf(ScenarioError);
    expect(s.modelIds()).toEqual(['original', 'ga']);
    const summary = await s.setScenario({ kind: 'random', fraction: 0.1 });
    expect(summary.split.forget).toBe(32);
    expect(s.modelIds()).toEqual(['original']);
    s.dispose();
  });

  it('cancel mid-run stops the method and keeps the Original and earlier results', async () => {
    const ctl = new AbortController();
    let progress = 0;
    const s = new LabSession((e) => {
      if (e.type === 'progress' && e.modelId === 'muda' && ++progress === 3) ctl.abort();
    });
    await s.prepare(config);
    await s.trainOriginal(new AbortController().signal);
    const ga = await s.runMethod({ id: 'ga', params: { epochs: 1 } }, new AbortController().signal);
    const run = s.runMethod({ id: 'muda', params: { epochs: 50, retainSubset: 100 } }, ctl.signal);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(s.modelIds()).toEqual(['original', 'ga']);
    expect(s.results().models.ga.metrics).toEqual(ga.metrics);
    expect(ga.metrics.TA).toBeGreaterThanOrEqual(0);
    expect(ga.metrics.TA).toBeLessThanOrEqual(1);
    s.dispose();
  });

  it('an Original restored from its weights measures as the trained one did, and the next method builds on it without training', async () => {
    const ctl = new AbortController();
    const a = new LabSession(() => {});
    await a.prepare(config);
    const trained = await a.trainOriginal(ctl.signal);
    const weights = await a.exportWeights('original');
    const events: LabEvent[] = [];
    const b = new LabSession((e) => events.push(e));
    await b.prepare(config);
    const restored = await b.restoreOriginal(weights, 4321);
    expect(restored.metrics).toEqual(trained.metrics);
    expect(restored.timeMs).toBe(4321);
    // Same config: "train" reuses it; no training step runs.
    expect((await b.trainOriginal(ctl.signal)).metrics.UA).toBe(restored.metrics.UA);
    expect(events.some((e) => e.type === 'train-step')).toBe(false);
    // Another architecture is refused, naming what differs, and the restored Original stays.
    const wider = await (async () => {
      const c = new LabSession(() => {});
      await c.prepare({ ...config, model: { ...config.model, featureDim: 4 } });
      await c.trainOriginal(ctl.signal);
      const w = await c.exportWeights('original');
      c.dispose();
      return w;
    })();
    await expect(b.restoreOriginal(wider, 1)).rejects.toThrow(/does not fit this experiment: it is a mlp of another shape/);
    const snap = { ...weights, tensors: weights.tensors.filter((t) => t.name !== 'head/bias') };
    await expect(b.restoreOriginal(snap, 1)).rejects.toThrow('weight head/bias is missing');
    expect(b.modelIds()).toEqual(['original']);
    a.dispose();
    b.dispose();
  });

  it('probe returns class probabilities of training samples under every model', async () => {
    const s = new LabSession(() => {});
    await s.prepare(config);
    await s.trainOriginal(new AbortController().signal);
    const p = await s.probe([0, 5, 999999]);
    expect(p.indices).toEqual([0, 5]);
    expect(p.probabilities.original.length).toBe(2);
    expect(p.probabilities.original[0].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    s.dispose();
  });
});
