/**
 * The supervised training loop (Original and Retrain): an async generator of
 * progress events with an ETA, cancellable between steps, and a guard that
 * stops on a non-finite loss with the last finite weights kept.
 *
 * A step runs through tfjs ops, or — on the webgpu backend, for MLPs — through
 * the fused GPU path (gpu/gpuTrainer.ts), which does the same step in a few
 * dispatches. Both sit behind one Stepper, so the loop (batch order, events,
 * cancel, divergence) is the same code for both.
 *
 * The fused path reads its losses back in blocks of steps, so the loop learns
 * of a step's loss up to a block late. Whatever ends a run early — a
 * non-finite loss, a cancel, a consumer that stops iterating — it leaves the
 * weights of the last step reported, exactly as if each step were read at
 * once: the Stepper can undo any step of the block it last read.
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

interface StepResult {
  /** The loss before the update. */
  loss: number;
  /** Correct predictions in the batch. */
  correct: number;
}

/**
 * Training steps on batches, however they are computed, in blocks of up to
 * `blockSize` steps whose results are read together after the block's last.
 */
interface Stepper {
  readonly blockSize: number;
  /** Starts the next step; its result comes with the next results(). */
  step(batch: Int32Array, labels: Int32Array): Promise<void>;
  /** The result of every step started since the last call, in order. */
  results(): Promise<StepResult[]>;
  /** Puts back the weights from before step `step` (numbered from 1), one of the last block's. */
  restoreBefore(step: number): void;
  /** Leaves the final weights in the model's variables and frees what the stepper holds. */
  close(): Promise<void>;
}

/**
 * The step as tfjs ops: gradients by tf.variableGrads, tfjs' optimizer,
 * FiniteGuard's copy. Blocks of one step: the guard holds one copy.
 */
function tfjsStepper(model: Model, ds: Dataset, split: Split, opts: TrainOptions): Stepper {
  const optimizer = makeOptimizer(opts.optimizer, opts.lr, opts.momentum);
  const guard = new FiniteGuard(model);
  let steps = 0;
  let last: StepResult[] = [];
  return {
    blockSize: 1,
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
      steps++;
      last = [{ loss, correct }];
    },
    async results() {
      const out = last;
      last = [];
      return out;
    },
    restoreBefore(step) {
      if (step !== steps) throw new RangeError(`only the weights from before step ${steps} are kept, not ${step}`);
      guard.restore();
    },
    async close() {
      guard.dispose();
      optimizer.dispose();
    },
  };
}

/** The fused GPU step when it applies here (webgpu backend, an MLP or the lab's CNN, opts.fused not false), else null. */
async function fusedStepper(model: Model, ds: Dataset, split: Split, opts: TrainOptions): Promise<Stepper | null> {
  if (opts.fused === false || fusedDecline(model, ds, split) !== null) return null;
  const trainer = await GpuTrainer.create(model, ds, split, opts);
  return {
    blockSize: trainer.blockSize,
    step: async (idx, labels) => { trainer.submitStep(idx, labels); },
    results: () => trainer.readResults(),
    restoreBefore: (step) => trainer.restoreBefore(step),
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
 * Trains `model` on the samples `indices` of `split`. Yields one event per
 * step, in order; a block's events come after its results are read (a block
 * ends when full and at the end of each epoch). Returns the number of steps.
 */
export async function* train(
  model: Model, ds: Dataset, split: Split, indices: Int32Array, opts: TrainOptions, rng: Rng, signal?: AbortSignal,
): AsyncGenerator<TrainProgress, number> {
  const stepper = (await fusedStepper(model, ds, split, opts)) ?? tfjsStepper(model, ds, split, opts);
  const stepsPerEpoch = Math.ceil(indices.length / opts.batchSize);
  const totalSteps = stepsPerEpoch * opts.epochs;
  const started = Date.now();
  const pause = makeYielder();
  const cancelled = () => new CancelledError(`${opts.label} training`);
  /** Steps started, and steps reported (yielded); the difference is never more than one block. */
  let begun = 0;
  let step = 0;
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      const batches = epochBatches(indices, opts.batchSize, rng);
      let blockSizes: number[] = [];
      for (const [b, idx] of batches.entries()) {
        if (signal?.aborted) throw cancelled();
        const labels = opts.labels ? Int32Array.from(idx, (i) => opts.labels![i]) : gatherLabels(split, idx);
        await stepper.step(idx, labels);
        begun++;
        blockSizes.push(idx.length);
        if (blockSizes.length < stepper.blockSize && b < batches.length - 1) continue;
        const results = await stepper.results();
        for (const [i, { loss, correct }] of results.entries()) {
          // The weights go back to before this step in `finally`.
          if (!Number.isFinite(loss)) throw new DivergenceError(opts.label, step + 1);
          step++;
          const fraction = step / totalSteps;
          const elapsed = Date.now() - started;
          yield { epoch, step, totalSteps, loss, acc: correct / blockSizes[i], fraction, etaMs: (elapsed / fraction) * (1 - fraction) };
          await pause();
          // Between a block's events too, as between steps; after its last, the check above does it.
          if (i < results.length - 1 && signal?.aborted) throw cancelled();
        }
        blockSizes = [];
      }
    }
  } finally {
    try {
      // Steps that ran but were not reported (a divergence, a cancel or a consumer that left mid-block) are undone.
      if (begun > step) stepper.restoreBefore(step + 1);
    } finally {
      await stepper.close();
    }
  }
  return step;
}
