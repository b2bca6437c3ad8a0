/**
 * The lessons' experiments, sized to run in a minute or two on a 2-core CPU
 * with the wasm backend. Lessons 3–6 share one MNIST setup, so a class
 * trains Original and Retrain once and reuses them (the lab keeps a trained
 * Original while the dataset, model and training recipe are unchanged).
 */
import { parseConfig, type ExperimentConfig, type MethodRun } from '../../engine/config';
import type { LessonRun } from './types';

type RawConfig = Omit<ExperimentConfig, 'methods' | 'eval' | 'train'> & {
  train: Partial<ExperimentConfig['train']>;
  eval: Partial<ExperimentConfig['eval']>;
};

/**
 * Validates a lesson config like any other (a broken lesson fails its unit test, not a class).
 * Lessons pin the reference defaults: their narratives and checks were written against them.
 */
export function lessonConfig(raw: RawConfig, runs: LessonRun[]): ExperimentConfig {
  const methods: MethodRun[] = runs.filter((r) => r.id !== 'retrain').map((r) => ({ id: r.id, params: { ...(r.params ?? {}) } }));
  return parseConfig({ ...raw, methods, methodDefaults: 'reference' });
}

/** Four Gaussian blobs in the plane, a small MLP: boundaries you can see. */
export const BLOBS_4: RawConfig = {
  schemaVersion: 1,
  seed: 1,
  dataset: { name: 'blobs', options: { n: 800, classes: 4 } },
  model: { kind: 'mlp', hidden: [32], featureDim: 16 },
  train: { epochs: 30, batchSize: 32, optimizer: 'adam', lr: 0.01 },
  scenario: { kind: 'class', class: 2 },
  eval: { retainReferenceSize: 300, everySteps: 20, curveSubsetSize: 100, relearn: false },
};

/** Three blobs and a 4-unit feature layer: a feature space small enough to look at whole. */
export const BLOBS_3_FEATURES_4: RawConfig = {
  schemaVersion: 1,
  seed: 1,
  dataset: { name: 'blobs', options: { n: 600, classes: 3 } },
  model: { kind: 'mlp', hidden: [16], featureDim: 4 },
  train: { epochs: 30, batchSize: 32, optimizer: 'adam', lr: 0.01 },
  scenario: { kind: 'class', class: 1 },
  eval: { retainReferenceSize: 300, everySteps: 20, curveSubsetSize: 100, relearn: false, daTau: 0.9 },
};

/**
 * MNIST, 2,500 training digits, MLP 784-256-128-10 (the paper-style feature
 * width), forget every 3. DA at τ = 0.9, uncentered: docs/method.md's reference
 * measurements found the Original/Retrain difference clearest at τ 0.9–0.95.
 */
export const MNIST_CLASS_3: RawConfig = {
  schemaVersion: 1,
  seed: 1,
  dataset: { name: 'mnist', options: { trainSize: 2500, testSize: 1000 } },
  model: { kind: 'mlp', hidden: [256], featureDim: 128 },
  train: { epochs: 4, batchSize: 64, optimizer: 'adam', lr: 0.001 },
  scenario: { kind: 'class', class: 3 },
  eval: { seeds: 1, retainReferenceSize: 500, everySteps: 3, curveSubsetSize: 200, relearn: false, daTau: 0.9 },
};

/** The same MNIST setup with 5 % of the training images poisoned: a 4×4 white trigger, relabelled 0. */
export const MNIST_BACKDOOR: RawConfig = {
  ...MNIST_CLASS_3,
  scenario: { kind: 'backdoor', fraction: 0.05, target: 0 },
};

/** MUDA as the lessons run it: the method's defaults except 10 epochs over the forget set (≈ 60 steps here). */
export const MUDA_LESSON_PARAMS = { epochs: 10 } as const;
