/**
 * Relearn time (metrics.md): how many steps of plain SGD on small random
 * batches of the whole training set D = D_r ∪ D_f it takes until the CE on D_f
 * falls back to the original model's level. An unlearned model that relearns
 * much faster than Retrain still holds residual knowledge of D_f.
 *
 * Runs on its own clone of the model (the given model is left untouched) and
 * disposes it. The CE on D_f is measured before every step on a fixed, seeded
 * subset of D_f (all of D_f when it is no larger than `subsetSize`).
 *
 * Cost: the CE check is a forward pass over the whole subset (512 samples),
 * far more than the SGD step on 16, and a model that never relearns (Retrain)
 * pays it capSteps times. The check stops early when the answer is already
 * certain: every sample's CE is ≥ 0, so the CE summed over the first m
 * samples, divided by the subset size, is a lower bound on the mean CE; once
 * that bound is above the target, the target is not reached and the other
 * samples need no forward pass. Each check measures the subset in chunks
 * (`prefixSize` samples, then up to 4 × prefixSize, then the rest) and stops
 * as soon as the bound settles it; when all chunks are measured, their mean
 * decides unless it lies within float32 noise of the target (BOUND_SLACK), in
 * which case the whole subset is measured in one pass exactly as before. So
 * the step found is exactly the one a full check before every step finds.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeBatch, makeBatch, randomBatch } from '../batching';
import { gatherInputs, gatherLabels, sampleSize } from '../data/dataset';
import type { UnlearningData } from '../data/unlearningData';
import { cloneModel, disposeModel, type Model } from '../models/model';
import type { Rng } from '../random';
import { crossEntropy } from '../train';

export interface RelearnOptions {
  /** The level to get back to: the original model's mean CE on D_f. */
  targetForgetLoss: number;
  rng: Rng;
  /** Samples per SGD step (small, so single steps are fine-grained). */
  batchSize?: number;
  lr?: number;
  /** Steps at most; returning `capSteps` means the level was not reached. */
  capSteps?: number;
  /** Size of the fixed forget subset the CE is measured on. */
  subsetSize?: number;
  /** Samples of the first, early-exit chunk of each CE check (used when the subset has more than twice as many). */
  prefixSize?: number;
  signal?: AbortSignal;
}

export const RELEARN_DEFAULTS = { batchSize: 16, lr: 0.01, capSteps: 500, subsetSize: 512, prefixSize: 64 };
/**
 * The lower bound must exceed the target by this (relative, plus the same
 * absolute) before it settles a check: float32 sums in another order may
 * differ from the one-pass mean in the last bits, and a CE that close to the
 * target is left to the one-pass check.
 */
const BOUND_SLACK = 1e-4;

export interface RelearnResult {
  /** SGD steps until the CE on the forget subset is at or below the target; `capSteps` when it never was. */
  steps: number;
  /** False when the cap was hit: `steps` is then a lower bound, to be reported as "≥ capSteps". */
  reached: boolean;
  capSteps: number;
  /** CE checks settled chunk by chunk (most stop after the first chunk), and checks that needed the one-pass CE. */
  prefixChecks: number;
  fullChecks: number;
}

/** The fixed forget subset the CE is measured on (sorted). */
export function relearnSubset(data: UnlearningData, rng: Rng, size = RELEARN_DEFAULTS.subsetSize): Int32Array {
  return randomBatch(data.forget, size, rng.fork('relearn/subset')).sort();
}

/** Mean CE of `model` on the training samples `indices`, as a number. */
export async function meanForgetCE(model: Model, data: UnlearningData, indices: Int32Array): Promise<number> {
  const ds = data.dataset;
  const x = tf.tensor2d(gatherInputs(ds, ds.train, indices), [indices.length, sampleSize(ds)]);
  const y = tf.tensor1d(gatherLabels(ds.train, indices), 'int32');
  try {
    return await readScalar(tf.tidy(() => crossEntropy(model.logits(x), y, model.numClasses)));
  } finally {
    tf.dispose([x, y]);
  }
}

async function readScalar(t: tf.Tensor): Promise<number> {
  const v = (await t.data())[0];
  t.dispose();
  return v;
}

/** Steps of plain SGD on random batches of D until CE(D_f subset) ≤ target; capped at `capSteps`. */
export async function relearnSteps(model: Model, data: UnlearningData, opts: RelearnOptions): Promise<number> {
  return (await relearn(model, data, opts)).steps;
}

/** As `relearnSteps`, with whether the target was reached and how the checks went. */
export async function relearn(model: Model, data: UnlearningData, opts: RelearnOptions): Promise<RelearnResult> {
  const { batchSize, lr, capSteps, subsetSize, prefixSize } = { ...RELEARN_DEFAULTS, ...stripUndefined(opts) };
  const ds = data.dataset;
  const subset = relearnSubset(data, opts.rng, subsetSize);
  const trainAll = Int32Array.from([...data.retain, ...data.forget]);
  const batchRng = opts.rng.fork('relearn/batches');
  const copy = cloneModel(model);
  const sgd = tf.train.sgd(lr);
  const n = subset.length;
  const target = opts.targetForgetLoss;
  // The forget subset goes to the device once (not at every check), in chunks of m, 3m and the rest.
  const xs = tf.tensor2d(gatherInputs(ds, ds.train, subset), [n, sampleSize(ds)]);
  const ys = tf.tensor1d(gatherLabels(ds.train, subset), 'int32');
  const m = Math.max(1, Math.floor(prefixSize));
  const bounds = n > 2 * m ? [0, m, Math.min(n, 4 * m), n].filter((b, i, a) => i === 0 || b > a[i - 1]) : [0, n];
  const chunks = bounds.slice(1).map((end, i) => tf.tidy(() => ({
    x: tf.slice(xs, [bounds[i], 0], [end - bounds[i], -1]) as tf.Tensor2D,
    y: tf.slice(ys, [bounds[i]], [end - bounds[i]]) as tf.Tensor1D,
  })));
  const slack = BOUND_SLACK * (Math.abs(target) + 1);
  let prefixChecks = 0;
  let fullChecks = 0;
  /** CE(copy, subset) ≤ target: chunk by chunk while the partial sums can settle it, else in one pass. */
  const atTarget = async (): Promise<boolean> => {
    if (chunks.length > 1) {
      let sum = 0;
      for (const c of chunks) {
        sum += await readScalar(tf.tidy(() => tf.sum(tf.losses.softmaxCrossEntropy(
          tf.oneHot(c.y, copy.numClasses), copy.logits(c.x), undefined, undefined, tf.Reduction.NONE))));
        // Σ over the samples seen so far / n ≤ the mean over all n: above the target, it is settled.
        if (sum / n > target + slack) {
          prefixChecks++;
          return false;
        }
      }
      // All chunks seen: settled unless within float32 noise of the target.
      if (Math.abs(sum / n - target) > slack) {
        prefixChecks++;
        return sum / n <= target;
      }
    }
    fullChecks++;
    return (await readScalar(tf.tidy(() => crossEntropy(copy.logits(xs), ys, copy.numClasses)))) <= target;
  };
  const result = (steps: number): RelearnResult => ({ steps, reached: steps < capSteps, capSteps, prefixChecks, fullChecks });
  try {
    for (let step = 0; step < capSteps; step++) {
      if (opts.signal?.aborted) return result(step);
      if (await atTarget()) return result(step);
      const b = makeBatch(ds, ds.train, randomBatch(trainAll, batchSize, batchRng));
      sgd.minimize(() => crossEntropy(copy.logits(b.x), b.y, copy.numClasses), false, copy.weights);
      disposeBatch(b);
    }
    return result(capSteps);
  } finally {
    tf.dispose([xs, ys, ...chunks.flatMap((c) => [c.x, c.y])]);
    sgd.dispose();
    disposeModel(copy);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
