/**
 * Test fixtures: a small Results object and an event stream shaped like the
 * engine's (class scenario on MNIST: Original, Retrain, MUDA, GA). Used by
 * the store, plot-data and storage tests; never imported by the app.
 */
import { DEFAULT_CONFIG, type ExperimentConfig } from '../../engine/config';
import type { LabEvent } from '../../engine/events';
import type { Metrics, ModelResult, Results } from '../../engine/results';
import type { DataSummary } from '../../engine/sessionTypes';

export function metrics(over: Partial<Metrics> = {}): Metrics {
  return {
    UA: 0.1, RA: 0.95, TA: 0.9, forgetTestAcc: 0.85, MIA: 0.2, lossMIA: 0.55, avgGap: 0, ToW: 1,
    DA: 0.5, LP: 0.8, NMI: 0.6, F1: 0.5, CKAvsRetrain: 0.9, CKAvsOriginal: 0.95, relearnSteps: 12,
    ...over,
  };
}

export function modelResult(over: Partial<ModelResult> = {}): ModelResult {
  return {
    seed: 1,
    timeMs: 1000,
    status: 'ok',
    metrics: metrics(),
    spectrum: { retain: [0.5, 0.3, 0.15, 0.05], forget: [0.7, 0.2, 0.08, 0.02] },
    curves: [],
    ...over,
  };
}

export function config(over: Partial<ExperimentConfig> = {}): ExperimentConfig {
  return { ...DEFAULT_CONFIG, ...over };
}

export function results(): Results {
  return {
    schemaVersion: 1,
    config: config(),
    environment: { backend: 'wasm', skipped: { webgpu: 'software adapter' }, runtime: 'chromium 156', device: 'WebAssembly SIMD' },
    split: { train: 1000, test: 200, forget: 100, retain: 900 },
    models: {
      original: modelResult({ metrics: metrics({ UA: 0.02, RA: 0.97, TA: 0.91, MIA: 0.05, DA: 0.9 }), timeMs: 5000 }),
      retrain: modelResult({
        method: 'retrain', metrics: metrics({ UA: 1, RA: 0.96, TA: 0.92, MIA: 0.95, DA: 0.3 }), timeMs: 4500,
        curves: [{ step: 0, loss: 2.3, DA: 0.9 }, { step: 10, loss: 1.0, DA: 0.4 }],
      }),
      muda: modelResult({
        method: 'muda', params: { lambdaDA: 1 }, metrics: metrics({ UA: 0.97, RA: 0.94, TA: 0.9, MIA: 0.9, DA: 0.32 }), timeMs: 800,
        curves: [{ step: 0, loss: 1.5, UA: 0.02, TA: 0.91, DA: 0.9 }, { step: 10, loss: 0.8, UA: 0.6, TA: 0.9, DA: 0.5 }, { step: 20, loss: 0.5, UA: 0.97, TA: 0.9, DA: 0.32 }],
        views: { principalAngles: [0.1, 0.5, 1.2], miaScores: { forget: [0.1, 0.2, 0.9], test: [0.8, 0.9], retain: [0.95, 0.99] } },
      }),
      ga: modelResult({
        method: 'ga', params: {}, metrics: metrics({ UA: 0.7, RA: 0.8, TA: 0.75, MIA: 0.6, DA: 0.7 }), timeMs: 300,
        curves: [{ step: 0, loss: 0.1, UA: 0.02, DA: 0.9 }, { step: 10, loss: -3, UA: 0.7, DA: 0.7 }],
      }),
    },
  };
}

export function dataSummary(over: Partial<DataSummary> = {}): DataSummary {
  return {
    name: 'mnist',
    inputShape: [28, 28, 1],
    numClasses: 10,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    split: { train: 1000, test: 200, forget: 100, retain: 900, retainReference: 500 },
    scenario: { kind: 'class', class: 3 },
    forget: Array.from({ length: 100 }, (_, i) => i * 10 + 3),
    trainLabels: Array.from({ length: 1000 }, (_, i) => i % 10),
    forgetClassCounts: [0, 0, 0, 100, 0, 0, 0, 0, 0, 0],
    ...over,
  };
}

/** A recorded-shape stream: train Original over 2 epochs (step restarts per epoch), then MUDA with curve points. */
export function classScenarioStream(): LabEvent[] {
  const r = results();
  const ev: LabEvent[] = [
    { type: 'backend', report: { backend: 'wasm', skipped: { webgpu: 'software adapter (SwiftShader)', webgl: 'software adapter' }, runtime: 'chromium 156', device: 'WebAssembly SIMD, 1 thread(s)', software: false, forced: false } },
    { type: 'phase', phase: 'train', modelId: 'original', label: 'Training Original' },
  ];
  for (let epoch = 0; epoch < 2; epoch++) {
    for (let step = 0; step < 3; step++) {
      ev.push({ type: 'train-step', modelId: 'original', epoch, step, loss: 2 - epoch - step * 0.1, acc: 0.5 + epoch * 0.2 });
      ev.push({ type: 'progress', modelId: 'original', fraction: (epoch * 3 + step + 1) / 6, etaMs: (5 - (epoch * 3 + step)) * 100, message: `epoch ${epoch + 1}/2` });
    }
  }
  ev.push({ type: 'model-done', modelId: 'original', result: r.models.original });
  ev.push({ type: 'phase', phase: 'unlearn', modelId: 'muda', label: 'Unlearning with MUDA' });
  for (const p of r.models.muda.curves) ev.push({ type: 'curve', modelId: 'muda', point: p });
  ev.push({ type: 'model-done', modelId: 'muda', result: r.models.muda });
  return ev;
}
