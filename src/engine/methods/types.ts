/**
 * The unlearning-method interface. A method is one file exporting an
 * `UnlearningMethod`; adding one is that file plus one line in `index.ts`.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Model } from '../models/model';
import type { Rng } from '../random';
import type { UnlearningData } from '../data/unlearningData';
import type { CurvePoint } from '../results';

/**
 * One editable hyperparameter: the UI renders a form field from it, the CLI reads overrides by `name`.
 * `name` is the id configs and the CLI use; `label` is what a reader sees on the form: words, the
 * paper's symbol where it has one, units where they apply ("λ_DA — weight of the alignment loss").
 */
export type ParamSpec = { name: string; label: string; help: string } & (
  | { kind: 'number'; default: number; min?: number; max?: number; step?: number; log?: boolean }
  | { kind: 'int'; default: number; min?: number; max?: number }
  | { kind: 'boolean'; default: boolean }
  | { kind: 'choice'; default: string; options: string[] }
);

export type ParamValues = Record<string, number | boolean | string>;

/** What the UI needs to list a method and render its form (structured-clone safe). */
export interface MethodInfo {
  id: string;
  label: string;
  /** One line: what the method does, in the docs' words. */
  summary: string;
  params: ParamSpec[];
}

/** Events a method yields while it runs. */
export type StepEvent =
  | { type: 'step'; step: number; totalSteps: number; loss: number }
  | { type: 'log'; message: string };

export interface MethodContext {
  /** θ_o, frozen: never train or dispose it. */
  original: Model;
  /** The trainable copy the method turns into θ_u (a fresh clone of θ_o; Retrain re-initialises it). */
  model: Model;
  data: UnlearningData;
  /** The method's own stream of the run's seeded RNG. */
  rng: Rng;
  signal: AbortSignal;
  /** Training recipe of the original model (Retrain, FT and others reuse it). */
  train: { epochs: number; batchSize: number; optimizer: 'adam' | 'sgd'; lr: number; momentum?: number; weightDecay?: number };
  /**
   * Measures UA / TA / DA (and loss) on fixed, seeded subsets with the current
   * weights; the runner calls it every `eval.everySteps` steps and records the curve.
   */
  probe(step: number, loss: number): Promise<CurvePoint>;
  /** The probe of θ_o before unlearning (step 0): the reference for early stopping. */
  start: CurvePoint;
  /** Retrain's forget accuracy on the curve subset, when Retrain has already run (GA-like early stop). */
  retrainForgetAcc?: number;
}

/** How a method ended, beyond the weights it leaves in `ctx.model`. */
export interface MethodOutcome {
  status: 'ok' | 'stopped-early';
  message?: string;
  /** Extra facts worth logging (e.g. Boundary Shrink's attack success share). */
  notes?: Record<string, number | string>;
}

export interface UnlearningMethod extends MethodInfo {
  run(ctx: MethodContext, params: ParamValues): AsyncGenerator<StepEvent, MethodOutcome>;
}

export type TensorPair = { x: tf.Tensor; y: tf.Tensor1D };
