/**
 * Small pieces the baseline methods share: the optimizer fields of their
 * forms, one optimizer step on a batch of training samples, and an endless
 * batch stream for pairing a short set with a long one (NegGrad+ pairs each
 * retain batch with a forget batch).
 */
import * as tf from '@tensorflow/tfjs';
import { disposeBatch, epochBatches, makeBatch, type Batch } from '../batching';
import type { Dataset } from '../data/dataset';
import type { Model } from '../models/model';
import { makeOptimizer, minimizeStep, type OptimizerKind, type StepOptions } from '../optimize';
import type { Rng } from '../random';
import { num, str } from './params';
import type { ParamSpec, ParamValues } from './types';

/** lr, optimizer, momentum and weight decay fields, with a method's own defaults. */
export function optimizerParams(d: { lr: number; lrHelp: string; optimizer: OptimizerKind; momentum?: number; weightDecay?: number }): ParamSpec[] {
  return [
    { name: 'lr', label: 'learning rate', kind: 'number', default: d.lr, min: 1e-7, max: 1, log: true, help: d.lrHelp },
    { name: 'optimizer', label: 'optimizer (Adam or SGD)', kind: 'choice', default: d.optimizer, options: ['adam', 'sgd'], help: 'Optimizer' },
    { name: 'momentum', label: 'SGD momentum', kind: 'number', default: d.momentum ?? 0.9, min: 0, max: 0.999, step: 0.01, help: 'SGD momentum (0 = plain SGD; ignored by Adam)' },
    { name: 'weightDecay', label: 'weight decay (wd)', kind: 'number', default: d.weightDecay ?? 0, min: 0, max: 0.1, step: 1e-4, help: 'wd·θ added to the gradients, as torch.optim.SGD(weight_decay=wd) does (tfjs optimizers have none)' },
  ];
}

/** A step's options, plus the variables it updates when they are not the model's weights. */
export interface BatchStepOptions extends StepOptions {
  /** Default: `model.weights`. Boundary Expand steps the body with a widened head in their place. */
  vars?: tf.Variable[];
}

/**
 * One optimizer step of `loss` on the training samples `idx` (labels taken
 * from `labels[i]` for sample i when given, else the split's); returns the
 * loss before the update. The batch lives only for this step.
 */
export async function batchStep(
  opt: tf.Optimizer, model: Model, ds: Dataset, idx: Int32Array,
  loss: (b: Batch) => tf.Scalar, stepOpts: BatchStepOptions = {}, labels?: Int32Array,
): Promise<number> {
  const b = makeBatch(ds, ds.train, idx, labels && Int32Array.from(idx, (i) => labels[i]));
  try {
    const lossT = minimizeStep(opt, stepOpts.vars ?? model.weights, () => loss(b), stepOpts);
    const value = (await lossT.data())[0];
    lossT.dispose();
    return value;
  } finally {
    disposeBatch(b);
  }
}

export function optimizerFrom(p: ParamValues): tf.Optimizer {
  return makeOptimizer(str(p, 'optimizer') as OptimizerKind, num(p, 'lr'), num(p, 'momentum'));
}

/** An endless stream of shuffled batches of `indices`: reshuffles after each full pass. */
export function batchStream(indices: Int32Array, batchSize: number, rng: Rng): () => Int32Array {
  let queue: Int32Array[] = [];
  return () => {
    if (queue.length === 0) queue = epochBatches(indices, batchSize, rng);
    return queue.shift()!;
  };
}

/** Labels of the training split with the given samples relabelled (RL's y′, Boundary Shrink's y_nbi). */
export function relabelled(ds: Dataset, indices: Int32Array, labels: Int32Array): Int32Array {
  const y = ds.train.y.slice();
  indices.forEach((idx, i) => { y[idx] = labels[i]; });
  return y;
}

