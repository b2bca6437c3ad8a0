/**
 * Test fixtures for the lessons: `Measured` objects shaped like real runs
 * (numbers taken from runs of the lessons' own configs with the wasm backend),
 * so the narrative tests read like the lab. Never imported by the app.
 */
import type { CurvePoint, Metrics, ModelResult } from '../../engine/results';
import { metrics as baseMetrics, modelResult } from '../testing/fixtures';
import { emptyMeasured } from './runner';
import type { Lesson, Measured } from './types';

export function result(m: Partial<Metrics>, over: Partial<ModelResult> = {}): ModelResult {
  return modelResult({ metrics: baseMetrics({ avgGap: undefined, ToW: undefined, ...m }), ...over });
}

export function curve(das: number[], every = 3, ua?: number[]): CurvePoint[] {
  return das.map((DA, i) => ({ step: i * every, loss: 0.5, DA, ...(ua ? { UA: ua[i] } : {}) }));
}

export function measuredFor(lesson: Lesson, models: Record<string, ModelResult>, over: Partial<Measured> = {}): Measured {
  return {
    ...emptyMeasured(lesson),
    models,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    split: { train: 2500, test: 1000, forget: 277, retain: 2223 },
    ...over,
  };
}

const k = (n: number) => ({ k: n, tau: 0.9, centered: false });

/** The MNIST class-3 lessons (3–6): Original, Retrain, GA, RL and MUDA variants as measured on wasm. */
export const MNIST_MODELS: Record<string, ModelResult> = {
  original: result({ UA: 0.029, RA: 0.962, TA: 0.914, forgetTestAcc: 0.933, MIA: 0.181, LP: 0.95, NMI: 0, F1: 0.196, DA: 0.948, daInfo: k(5) }, { timeMs: 8100 }),
  retrain: result({ UA: 1, RA: 0.983, TA: 0.936, forgetTestAcc: 0, MIA: 1, LP: 0.849, NMI: 0, F1: 0.206, DA: 0.984, daInfo: k(5), avgGap: 0 }, { method: 'retrain', params: {}, timeMs: 12100 }),
  ga: result({ UA: 1, RA: 0.1, TA: 0.098, MIA: 1, LP: 0.892, DA: 0.997, daInfo: k(1), avgGap: 43.0 }, {
    method: 'ga', params: { lr: 5e-4, epochs: 10 }, timeMs: 5400, curves: curve([0.941, 0.934, 0.948, 0.956, 0.976, 0.997]),
  }),
  rl: result({ UA: 1, RA: 0.952, TA: 0.904, MIA: 1, LP: 0.964, NMI: 0, F1: 0.198, DA: 0.972, daInfo: k(5), avgGap: 1.6 }, {
    method: 'rl', params: { epochs: 6 }, timeMs: 6600, curves: curve([0.941, 0.947, 0.97, 0.983, 0.979, 0.972]),
  }),
  muda: result({ UA: 0.643, RA: 0.96, TA: 0.913, MIA: 1, LP: 0.885, NMI: 0, F1: 0.206, DA: 0.99, daInfo: k(2), avgGap: 10.1 }, {
    method: 'muda', params: { epochs: 10 }, timeMs: 9400, curves: curve([0.941, 0.95, 0.976, 0.988, 0.991, 0.99]),
  }),
  'muda-no-sd': result({ UA: 1, RA: 0.969, TA: 0.916, MIA: 1, LP: 0.791, DA: 0.999, daInfo: k(1), avgGap: 0.84 }, { method: 'muda', timeMs: 7800, curves: curve([0.941, 0.957, 0.991, 0.998]) }),
  'muda-joint': result({ UA: 0.773, RA: 0.953, TA: 0.912, MIA: 1, LP: 0.863, DA: 0.994, daInfo: k(2), avgGap: 7.05 }, { method: 'muda', timeMs: 6800, curves: curve([0.941, 0.969, 0.993, 0.994]) }),
};

/** The backdoor lesson (7). */
export const BACKDOOR_MODELS: Record<string, ModelResult> = {
  original: result({ UA: 0, RA: 0.963, TA: 0.905, MIA: 0, DA: 0.96, ASR: 0.992, daInfo: k(5) }),
  retrain: result({ UA: 0.992, RA: 0.965, TA: 0.92, MIA: 1, DA: 0.984, ASR: 0.001, daInfo: k(5), avgGap: 0 }, { method: 'retrain' }),
  muda: result({ UA: 0.92, RA: 0.939, TA: 0.891, MIA: 0.96, DA: 0.998, ASR: 0.061, daInfo: k(1), avgGap: 4.19 }, { method: 'muda' }),
  ft: result({ UA: 0.016, RA: 0.979, TA: 0.926, MIA: 0.112, DA: 0.953, ASR: 0.963, daInfo: k(5), avgGap: 47.1 }, { method: 'ft' }),
  rl: result({ UA: 1, RA: 0.836, TA: 0.79, MIA: 1, DA: 0.934, ASR: 0, daInfo: k(5), avgGap: 6.67 }, { method: 'rl' }),
};

/** A 60×60 boundary grid where class `c` owns the left `share` of the columns (others class 0/1). */
export function boundary(c: number, share: number): NonNullable<ModelResult['views']>['boundary'] {
  const n = 60;
  const xs = Array.from({ length: n }, (_, i) => i);
  const classes = xs.map(() => xs.map((x) => (x < share * n ? c : x % 2)));
  return { xs, ys: xs, classes, confidence: classes.map((r) => r.map(() => 0.9)) };
}
