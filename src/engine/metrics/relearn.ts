/**
 * Relearn time (metrics.md): how many steps of plain SGD on small random
 * batches of the whole training set D = D_r ∪ D_f it takes until the CE on D_f
 * falls back to the original model's level. An unlearned model that relearns
 * much faster than Retrain still holds residual knowledge of D_f.
 *
 * Runs on its own clone of the model (the given model is left untouched) and
 * disposes it. The CE on D_f is measured before every step on a fixed, seeded
 * subset of D_f (all of D_f when it is no larger than `subsetSize`).
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
  signal?: AbortSignal;
}

export const RELEARN_DEFAULTS = { batchSize: 16, lr: 0.01, capSteps: 500, subsetSize: 512 };

/** The fixed forget subset the CE is measured on (sorted). */
export function relearnSubset(data: UnlearningData, rng: Rng, size = RELEARN_DEFAULTS.subsetSize): Int32Array {
  return randomBatch(data.forget, size, rng.fork('relearn/subset')).sort();
}

/** Mean CE of `model` on the training samples `indices`, as a number. */
export async function meanForgetCE(model: Model, data: UnlearningData, indices: Int32Array): Promise<number> {
  const ds = data.dataset;
  const t = tf.tidy(() => {
    const x = tf.tensor2d(gatherInputs(ds, ds.train, indices), [indices.length, sampleSize(ds)]);
    const y = tf.tensor1d(gatherLabels(ds.train, indices), 'int32');
    return crossEntropy(model.logits(x), y, model.numClasses);
  });
  const v = (await t.data())[0];
  t.dispose();
  return v;
}

/** Steps of plain SGD on random batches of D until CE(D_f subset) ≤ target; capped at `capSteps`. */
export async function relearnSteps(model: Model, data: UnlearningData, opts: RelearnOptions): Promise<number> {
  const { batchSize, lr, capSteps, subsetSize } = { ...RELEARN_DEFAULTS, ...stripUndefined(opts) };
  const ds = data.dataset;
  const subset = relearnSubset(data, opts.rng, subsetSize);
  const trainAll = Int32Array.from([...data.retain, ...data.forget]);
  const batchRng = opts.rng.fork('relearn/batches');
  const copy = cloneModel(model);
  const sgd = tf.train.sgd(lr);
  try {
    for (let step = 0; step < capSteps; step++) {
      if (opts.signal?.aborted) return step;
      if ((await meanForgetCE(copy, data, subset)) <= opts.targetForgetLoss) return step;
      const b = makeBatch(ds, ds.train, randomBatch(trainAll, batchSize, batchRng));
      sgd.minimize(() => crossEntropy(copy.logits(b.x), b.y, copy.numClasses), false, copy.weights);
      disposeBatch(b);
    }
    return capSteps;
  } finally {
    sgd.dispose();
    disposeModel(copy);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
