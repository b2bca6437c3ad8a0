/**
 * The supervised training loop (Original and Retrain): an async generator of
 * progress events with an ETA, cancellable between steps, and a guard that
 * stops on a non-finite loss with the last finite weights kept.
 *
 * A step runs through tfjs ops, or — on the webgpu backend, for MLPs — through
 * the fused GPU path (gpu/gpuTrainer.ts), which does the same step in a few
 * dispatches. Both sit behind one Stepper, so the loop (batch order, events,
 * cancel, divergence) is the same code for both.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherLabels, type Dataset, type Split } from './data/dataset';
import { CancelledError, DivergenceError } from './errors';
import type { Model } from './models/model';
import { FiniteGuard, makeOptimizer, minimizeStep, type OptimizerKind } from './optimize';
import { disposeBatch, epochBatches, makeBatch, makeYielder } from './batching';
import { fusedDecline, GpuTrainer } from './gpu/gpuTrainer';
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
  /**
   * false: always train through tfjs ops, even where the fused GPU path
   * applies (the benchmark times both; tests compare them). Default true.
   */
  fused?: boolean;
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

/** One training step on a batch, however it is computed. */
interface Stepper {
  /** Returns the loss before the update and the batch's correct count. */
  step(batch: Int32Array, labels: Int32Array): Promise<{ loss: number; correct: number }>;
  /** Puts back the weights from before the last step. */
  restorePreStep(): void;
  /** Leaves the final weights in the model's variables and frees what the stepper holds. */
  close(): Promise<void>;
}

/** The step as tfjs ops: gradients by tf.variableGrads, tfjs' optimizer, FiniteGuard's copy. */
function tfjsStepper(model: Model, ds: Dataset, split: Split, opts: TrainOptions): Stepper {
  const optimizer = makeOptimizer(opts.optimizer, opts.lr, opts.momentum);
  const guard = new FiniteGuard(model);
  return {
    async step(idx, labels) {
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
      return { loss, correct };
    },
    restorePreStep: () => { guard.restore(); },
    async close() {
      guard.dispose();
      optimizer.dispose();
    },
  };
}

/** The fused GPU step when it applies here (webgpu backend, an MLP, opts.fused not false), else null. */
async function fusedStepper(model: Model, ds: Dataset, split: Split, indices: Int32Array, opts: TrainOptions): Promise<Stepper | null> {
  if (opts.fused === false || fusedDecline(model, ds, indices) !== null) return null;
  const trainer = await GpuTrainer.create(model, ds, split, indices, opts);
  return {
    step: (idx, labels) => trainer.trainStep(idx, labels),
    restorePreStep: () => trainer.restorePreStep(),
    async close() {
      try {
        await trainer.writeBack();
      } finally {
        trainer.destroy();
      }
    },
  };
}

/**
 * Trains `model` on the samples `indices` of `split`. Yields after every step;
 * returns the number of steps taken.
 */
export async function* train(
  model: Model, ds: Dataset, split: Split, indices: Int32Array, opts: TrainOptions, rng: Rng, signal?: AbortSignal,
): AsyncGenerator<TrainProgress, number> {
  const stepper = (await fusedStepper(model, ds, split, indices, opts)) ?? tfjsStepper(model, ds, split, opts);
  const stepsPerEpoch = Math.ceil(indices.length / opts.batchSize);
  const totalSteps = stepsPerEpoch * opts.epochs;
  const started = Date.now();
  const pause = makeYielder();
  let step = 0;
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      for (const idx of epochBatches(indices, opts.batchSize, rng)) {
        if (signal?.aborted) throw new CancelledError(`${opts.label} training`);
        const labels = opts.labels ? Int32Array.from(idx, (i) => opts.labels![i]) : gatherLabels(split, idx);
        const { loss, correct } = await stepper.step(idx, labels);
        step++;
        if (!Number.isFinite(loss)) {
          stepper.restorePreStep();
          throw new DivergenceError(opts.label, step);
        }
        const fraction = step / totalSteps;
        const elapsed = Date.now() - started;
        yield { epoch, step, totalSteps, loss, acc: correct / idx.length, fraction, etaMs: (elapsed / fraction) * (1 - fraction) };
        await pause();
      }
    }
  } finally {
    await stepper.close();
  }
  return step;
}
