/**
 * The supervised training loop (Original and Retrain): an async generator of
 * progress events with an ETA, cancellable between steps, and a guard that
 * stops on a non-finite loss with the last finite weights kept.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, Split } from './data/dataset';
import { CancelledError, DivergenceError } from './errors';
import type { Model } from './models/model';
import { FiniteGuard, makeOptimizer, minimizeStep, type OptimizerKind } from './optimize';
import { disposeBatch, epochBatches, makeBatch, makeYielder } from './batching';
import type { Rng } from './random';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  optimizer: OptimizerKind;
  lr: number;
  momentum?: number;
  weightDecay?: number;
  /** Name used in messages ("Original", "Retrain"). */
  label: string;
  /** Labels to train on instead of the split's (e.g. relabelled samples). */
  labels?: Int32Array;
}

export interface TrainProgress {
  epoch: number;
  step: number;
  totalSteps: number;
  loss: number;
  /** Training accuracy of the current batch. */
  acc: number;
  /** Fraction done in [0, 1] and estimated time left. */
  fraction: number;
  etaMs: number;
}

export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, numClasses: number): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, numClasses), logits) as tf.Scalar;
}

/**
 * Trains `model` on the samples `indices` of `split`. Yields after every step;
 * returns the number of steps taken.
 */
export async function* train(
  model: Model, ds: Dataset, split: Split, indices: Int32Array, opts: TrainOptions, rng: Rng, signal?: AbortSignal,
): AsyncGenerator<TrainProgress, number> {
  const optimizer = makeOptimizer(opts.optimizer, opts.lr, opts.momentum);
  const guard = new FiniteGuard(model);
  const stepsPerEpoch = Math.ceil(indices.length / opts.batchSize);
  const totalSteps = stepsPerEpoch * opts.epochs;
  const started = Date.now();
  const pause = makeYielder();
  let step = 0;
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      for (const idx of epochBatches(indices, opts.batchSize, rng)) {
        if (signal?.aborted) throw new CancelledError(`${opts.label} training`);
        const labels = opts.labels ? Int32Array.from(idx, (i) => opts.labels![i]) : undefined;
        const batch = makeBatch(ds, split, idx, labels);
        guard.save();
        let hits: tf.Tensor | undefined;
        const lossT = minimizeStep(optimizer, model.weights, () => {
          const logits = model.logits(batch.x);
          // Accuracy of this batch from the same forward pass; kept past the step's tidy.
          hits = tf.keep(tf.equal(tf.argMax(logits, 1), batch.y).sum());
          return crossEntropy(logits, batch.y, model.numClasses);
        }, { weightDecay: opts.weightDecay });
        const loss = (await lossT.data())[0];
        lossT.dispose();
        const correct = hits ? (await hits.data())[0] : 0;
        hits?.dispose();
        disposeBatch(batch);
        step++;
        if (!Number.isFinite(loss)) {
          guard.restore();
          throw new DivergenceError(opts.label, step);
        }
        const fraction = step / totalSteps;
        const elapsed = Date.now() - started;
        yield { epoch, step, totalSteps, loss, acc: correct / idx.length, fraction, etaMs: (elapsed / fraction) * (1 - fraction) };
        await pause();
      }
    }
  } finally {
    guard.dispose();
    optimizer.dispose();
  }
  return step;
}
