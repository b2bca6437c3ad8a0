/**
 * Reliability, "WebGPU unavailable or device lost mid-run": a forced backend
 * that cannot start falls back in order and says why; a device lost under a
 * run (simulated with the test hook) moves every model to the next backend,
 * restarts the interrupted step once, says so, and records it in Results.
 *
 * This file models a machine without a GPU: VK_ICD_FILENAMES points nowhere,
 * so Dawn (WebGPU in Node) is not tried, and after wasm the only backend left
 * is cpu, whatever machine the tests run on.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asDeviceLost, checkDevice, currentBackend, deviceLoss, selectBackend, simulateDeviceLoss } from './backend';
import { parseConfig } from './config';
import { DeviceLostError, LabError } from './errors';
import type { LabEvent } from './events';
import { LabSession } from './session';

const savedIcd = process.env.VK_ICD_FILENAMES;
beforeAll(() => {
  process.env.VK_ICD_FILENAMES = '/nonexistent/no-gpu-on-this-test-machine.json';
});
afterAll(() => {
  if (savedIcd === undefined) delete process.env.VK_ICD_FILENAMES;
  else process.env.VK_ICD_FILENAMES = savedIcd;
});

const config = parseConfig({
  schemaVersion: 1,
  seed: 5,
  dataset: { name: 'blobs', options: { n: 240, classes: 3 } },
  model: { kind: 'mlp', hidden: [12], featureDim: 6 },
  train: { epochs: 3, batchSize: 32, lr: 0.01 },
  scenario: { kind: 'class', class: 2 },
  methods: [{ id: 'muda' }],
  eval: { retainReferenceSize: 60, curveSubsetSize: 40, everySteps: 4, relearn: false },
});

const MUDA = { id: 'muda', params: { epochs: 2, retainSubset: 60, batchSize: 32 } };

/** An event sink that calls simulateDeviceLoss() once `when` has seen `after` matching events (for each of `times` losses). */
function lossInjector(when: (e: LabEvent) => boolean, after: number, times = 1) {
  const events: LabEvent[] = [];
  let seen = 0;
  let losses = 0;
  const sink = (e: LabEvent) => {
    events.push(e);
    if (losses < times && when(e) && ++seen >= after) {
      simulateDeviceLoss();
      losses++;
      seen = 0;
    }
  };
  return { events, sink, losses: () => losses };
}

const isProgressOf = (id: string) => (e: LabEvent) => e.type === 'progress' && e.modelId === id;

describe('backend selection and device loss', () => {
  it('a forced backend that fails falls back in order and reports why', async () => {
    const r = await selectBackend({ forced: 'webgl' });
    expect(r.backend).toBe('wasm'); // webgl: not in Node; webgpu: no Vulkan driver here
    expect(r.forced).toBe(false);
    expect(r.fellBackFrom).toBe('webgl');
    expect(r.reason).toMatch(/not available in Node/);
    expect(r.skipped.webgl).toMatch(/^forced, but failed: not available in Node/);
    expect(r.skipped.webgpu).toMatch(/Vulkan/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('a forced backend that starts is used as is, with no fallback recorded', async () => {
    const r = await selectBackend({ forced: 'cpu' });
    expect(r).toMatchObject({ backend: 'cpu', forced: true });
    expect(r.fellBackFrom).toBeUndefined();
  });

  it('simulateDeviceLoss marks the active backend only; checkDevice then throws DeviceLostError; selecting it again clears it', async () => {
    await selectBackend({ forced: 'wasm' });
    expect(deviceLoss()).toBeNull();
    expect(() => checkDevice()).not.toThrow();
    expect(simulateDeviceLoss('test')).toBe('wasm');
    expect(deviceLoss()).toEqual({ backend: 'wasm', reason: 'test' });
    let thrown: unknown;
    try {
      checkDevice();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DeviceLostError);
    expect(thrown).toBeInstanceOf(LabError);
    expect((thrown as DeviceLostError).backend).toBe('wasm');
    expect((thrown as Error).message).toBe('wasm device lost: test');
    await selectBackend({ forced: 'cpu' });
    expect(deviceLoss()).toBeNull(); // the loss belongs to wasm, not cpu
    await selectBackend({ forced: 'wasm' });
    expect(deviceLoss()).toBeNull(); // a fresh wasm backend
  });

  it('asDeviceLost: the backend\'s own error after a loss becomes DeviceLostError; without a loss it is left alone', async () => {
    await selectBackend({ forced: 'wasm' });
    expect(await asDeviceLost(new Error('mapAsync failed'))).toBeNull();
    simulateDeviceLoss('GPU process crashed');
    const e = await asDeviceLost(new Error('mapAsync failed'));
    expect(e).toBeInstanceOf(DeviceLostError);
    expect(e!.message).toBe('wasm device lost: GPU process crashed (then: mapAsync failed)');
    const own = new DeviceLostError('webgpu', 'x');
    expect(await asDeviceLost(own)).toBe(own);
    await selectBackend({ forced: 'wasm' });
  });
});

describe('lab session after a device loss', () => {
  it('device lost during MUDA: falls back wasm → cpu, says so, restarts MUDA, keeps the earlier results', async () => {
    await selectBackend({ forced: 'wasm' });
    const inj = lossInjector(isProgressOf('muda'), 3);
    const s = new LabSession(inj.sink);
    await s.prepare(config);
    const ctl = new AbortController();
    const original = await s.trainOriginal(ctl.signal);
    const retrain = await s.runMethod({ id: 'retrain' }, ctl.signal);
    const originalWeights = await s.exportWeights('original');
    expect(tf.getBackend()).toBe('wasm');

    const muda = await s.runMethod(MUDA, ctl.signal);
    expect(inj.losses()).toBe(1);
    expect(muda.status).toBe('ok');
    expect(tf.getBackend()).toBe('cpu');

    // Said so: a backend event naming what was lost and what replaced it, and a warning.
    const backendEvents = inj.events.filter((e): e is Extract<LabEvent, { type: 'backend' }> => e.type === 'backend');
    expect(backendEvents).toHaveLength(1);
    expect(backendEvents[0].report).toMatchObject({ backend: 'cpu', fellBackFrom: 'wasm' });
    expect(backendEvents[0].report.reason).toMatch(/device lost: simulated device loss/);
    expect(backendEvents[0].report.skipped.wasm).toMatch(/device lost/);
    expect(currentBackend()?.backend).toBe('cpu');
    const warns = inj.events.filter((e) => e.type === 'log' && e.level === 'warn').map((e) => (e as { message: string }).message);
    expect(warns).toContain('wasm device lost during MUDA; restarted the step on cpu');

    // Restarted: MUDA began again (a second unlearn phase) and finished after the fallback.
    const idx = (pred: (e: LabEvent) => boolean) => inj.events.findIndex(pred);
    const lostAt = idx((e) => e.type === 'backend');
    expect(inj.events.filter((e) => e.type === 'phase' && e.phase === 'unlearn' && e.modelId === 'muda')).toHaveLength(2);
    expect(idx((e) => e.type === 'model-done' && e.modelId === 'muda')).toBeGreaterThan(lostAt);
    expect(inj.events.slice(0, lostAt).some((e) => e.type === 'model-done' && e.modelId === 'muda')).toBe(false);
    expect(muda.curves[0].step).toBe(0);

    // Earlier work intact: results, and the Original's weights, rebuilt on cpu from the CPU-side snapshot.
    const r = s.results();
    expect(Object.keys(r.models)).toEqual(['original', 'retrain', 'muda']);
    expect(r.models.original.metrics.TA).toBe(original.metrics.TA);
    expect(r.models.retrain.metrics.UA).toBe(retrain.metrics.UA);
    expect(r.environment.backend).toBe('cpu');
    expect(r.environment.fallbacks).toHaveLength(1);
    expect(r.environment.fallbacks![0]).toMatch(/^wasm → cpu: simulated device loss .*\(during MUDA\)$/);
    const after = await s.exportWeights('original');
    expect(after.tensors.map((t) => t.name)).toEqual(originalWeights.tensors.map((t) => t.name));
    after.tensors.forEach((t, i) => expect(Array.from(t.data)).toEqual(Array.from(originalWeights.tensors[i].data)));
    // The stored models work on the new backend (probe runs every one of them).
    const p = await s.probe([0, 1]);
    expect(Object.keys(p.probabilities)).toEqual(['original', 'retrain', 'muda']);
    expect(p.probabilities.original[0].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // A later step runs on cpu with no further fallback.
    await s.runMethod({ id: 'ga', params: { epochs: 1 } }, ctl.signal);
    expect(inj.events.filter((e) => e.type === 'backend')).toHaveLength(1);
    s.dispose();
  });

  it('device lost while training the Original: falls back and trains it again from the start', async () => {
    await selectBackend({ forced: 'wasm' });
    const inj = lossInjector((e) => e.type === 'train-step' && e.modelId === 'original', 2);
    const s = new LabSession(inj.sink);
    await s.prepare(config);
    const original = await s.trainOriginal(new AbortController().signal);
    expect(inj.losses()).toBe(1);
    expect(original.status).toBe('ok');
    expect(tf.getBackend()).toBe('cpu');
    const steps = inj.events.filter((e) => e.type === 'train-step').map((e) => (e as { step: number }).step);
    expect(steps.slice(0, 3)).toEqual([1, 2, 1]); // lost after step 2, restarted at step 1
    expect(inj.events.some((e) => e.type === 'log' && e.message === 'wasm device lost during training the Original; restarted the step on cpu')).toBe(true);
    expect(s.results().environment.fallbacks![0]).toMatch(/^wasm → cpu: .*\(during training the Original\)$/);
    s.dispose();
  });

  it('a second loss in the same step stops it with a clear message and keeps the earlier results', async () => {
    await selectBackend({ forced: 'wasm' });
    const inj = lossInjector(isProgressOf('muda'), 3, 2);
    const s = new LabSession(inj.sink);
    await s.prepare(config);
    const ctl = new AbortController();
    await s.trainOriginal(ctl.signal);
    const ga = await s.runMethod({ id: 'ga', params: { epochs: 1 } }, ctl.signal);
    const err = await s.runMethod(MUDA, ctl.signal).then(() => null, (e: unknown) => e);
    expect(inj.losses()).toBe(2);
    expect(err).toBeInstanceOf(LabError);
    // wasm was lost, then cpu; nothing is left on a machine without a GPU.
    expect((err as Error).message).toMatch(/^MUDA stopped: cpu device lost: .*again, after falling back from wasm to cpu; no other backend could start/);
    expect(s.modelIds()).toEqual(['original', 'ga']);
    const r = s.results();
    // GA's result survives both losses unchanged (and is a real measurement, not NaN).
    expect(r.models.ga.metrics).toEqual(ga.metrics);
    expect(ga.metrics.TA).toBeGreaterThanOrEqual(0);
    expect(ga.metrics.TA).toBeLessThanOrEqual(1);
    expect(r.environment.fallbacks).toHaveLength(1);
    s.dispose();
  });
});
