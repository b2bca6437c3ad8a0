/**
 * One optimisation step over a model's weights, shared by training and every
 * unlearning method: gradients of a loss, optional weight decay (tfjs
 * optimizers have none built in), optional gradient masks (SalUn), then the
 * optimizer update. Also the guard that keeps the last finite weights.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from './models/model';

export type OptimizerKind = 'adam' | 'sgd';

/** Adam's moment decays and SGD's default momentum: the fused WebGPU optimizer (gpu/gpuTrainer.ts) takes the same. */
export const ADAM_BETAS = { beta1: 0.9, beta2: 0.999 } as const;
export const DEFAULT_MOMENTUM = 0.9;

export function makeOptimizer(kind: OptimizerKind, lr: number, momentum = DEFAULT_MOMENTUM): tf.Optimizer {
  if (kind === 'adam') return tf.train.adam(lr, ADAM_BETAS.beta1, ADAM_BETAS.beta2);
  if (!(momentum > 0)) return tf.train.sgd(lr);
  const opt = tf.train.momentum(lr, momentum);
  // tfjs 4.22: MomentumOptimizer.dispose() forgets its SGD base's learning-rate
  // scalar `c` — one leaked tensor per optimizer. Release it here for every caller.
  const disposeBase = opt.dispose.bind(opt);
  opt.dispose = () => {
    disposeBase();
    (opt as unknown as { c: tf.Tensor }).c.dispose();
  };
  return opt;
}

/**
 * Sets an optimizer's learning rate mid-run (SCRUB's step decay). SGD and
 * momentum have a setter (it replaces their cached −lr scalar); Adam has none
 * but reads its `learningRate` field at every step.
 */
export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  if (opt instanceof tf.SGDOptimizer) opt.setLearningRate(lr);
  else (opt as unknown as { learningRate: number }).learningRate = lr;
}

export interface StepOptions {
  weightDecay?: number;
  /** Per-weight 0/1 masks, by index into the variable list (SalUn's saliency mask). */
  masks?: (tf.Tensor | null)[];
}

/**
 * Minimises `loss` by one optimizer step on `vars`; returns the loss value
 * *before* the update as a scalar tensor (the caller reads and disposes it).
 */
export function minimizeStep(optimizer: tf.Optimizer, vars: tf.Variable[], loss: () => tf.Scalar, opts: StepOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, vars);
    const named: tf.NamedTensorMap = {};
    vars.forEach((v, i) => {
      let g = grads[v.name];
      if (!g) return; // a weight the loss does not touch (e.g. the head in a features-only loss)
      if (opts.weightDecay) g = tf.add(g, tf.mul(v, opts.weightDecay));
      const m = opts.masks?.[i];
      if (m) g = tf.mul(g, m);
      named[v.name] = g;
    });
    optimizer.applyGradients(named);
    return tf.keep(value);
  });
}

/**
 * Keeps the weights from before the latest step, so a step that produced a
 * non-finite loss can be undone ("keep the last finite weights").
 *
 * What it keeps is a reference to each weight's buffer (a reshape to the same
 * shape shares the data), not a copy: an optimizer step rebinds each variable
 * to a new buffer, so the old one stays unchanged (the runner's WeightHistory
 * relies on the same). `clone()` copied every weight at every training step,
 * for an undo that is almost never needed (on the default MLP on wasm the
 * copy was too small to show in the Original's training time: 5.9–6.5 s both ways).
 */
export class FiniteGuard {
  private saved: tf.Tensor[] | null = null;
  constructor(private readonly model: Model) {}

  /** Call before each step. */
  save(): void {
    this.dispose();
    this.saved = this.model.weights.map((w) => tf.reshape(w, w.shape));
  }

  /**
   * Restores the weights saved before the last step. (No finiteness check
   * here: that would be a synchronous read, which tfjs-webgpu cannot do in
   * Node — it needs OffscreenCanvas — and callers that need it use allFinite.)
   */
  restore(): void {
    this.saved?.forEach((s, i) => this.model.weights[i].assign(s));
  }

  dispose(): void {
    this.saved?.forEach((t) => t.dispose());
    this.saved = null;
  }
}

/**
 * Whether every weight is finite. One reduction over all weights and one
 * asynchronous readback: tfjs-webgpu has no synchronous read in Node
 * (dataSync needs OffscreenCanvas), and on any GPU a sync read stalls the queue.
 */
export async function allFinite(model: Model): Promise<boolean> {
  const bad = tf.tidy(() => tf.stack(model.weights.map((w) => tf.logicalOr(tf.isNaN(w), tf.isInf(w)).any())).any());
  try {
    return (await bad.data())[0] === 0;
  } finally {
    bad.dispose();
  }
}
