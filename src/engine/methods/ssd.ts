/**
 * Selective Synaptic Dampening (Foster et al.): no training. Weights that
 * matter far more to D_f than to the whole training set D are shrunk.
 *   importance  I = mean over mini-batches of (∇θ CE(batch))², on θ_o:
 *               I_D over D = D_r then D_f, in index order, unshuffled;
 *               I_f over D_f, in index order;
 *   dampening   where I_f > α·I_D:  θ ← min(λ·I_D / I_f, 1)·θ;
 *               every other weight is left exactly as it was.
 * Reference: if-loops/selective-synaptic-dampening, src/ssd.py
 * `ParameterPerturber.calc_importance` / `modify_weight`, called by
 * `ssd_tuning` in src/forget_full_class_strategies.py with
 * `full_train_dl = DataLoader(ConcatDataset((retain, forget)), batch_size)`,
 * no shuffle, batch 64 (the `-b` default) for both loaders; on random
 * forgetting (forget_random_main.py) the forget loader's batch is 128.
 * Order matters: squaring mini-batch gradients (not per-sample ones) means a
 * forget sample's share of I_D depends on its batch. In the reference's order
 * the forget samples sit in batches of their own at the end of D, so I_D keeps
 * their full weight; shuffled batches would dilute it and dampen more weights
 * at the same α. `batchSize` 1 gives the per-sample mean instead.
 * Differences: none in the algorithm; the whole training set is used for I_D,
 * as in the reference.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherInputs, gatherLabels, sampleSize } from '../data/dataset';
import type { Dataset } from '../data/dataset';
import type { Model } from '../models/model';
import { crossEntropy } from './losses';
import { num } from './params';
import type { StepEvent, UnlearningMethod } from './types';

/** About this many samples per progress step (the importance loops are long; the model does not change meanwhile). */
const PROGRESS_EVERY = 256;

/** Progress steps an importance loop over n samples yields: one per `groupsPerStep` gradient groups. */
const groupsPerStep = (gradBatchSize: number) => Math.ceil(PROGRESS_EVERY / gradBatchSize);
export const progressSteps = (n: number, gradBatchSize: number) => Math.floor(Math.ceil(n / gradBatchSize) / groupsPerStep(gradBatchSize));

/**
 * Mean of (∇θ CE)² over `indices` (one tensor per weight, same shapes), in
 * groups of `gradBatchSize` samples. Yields the running mean CE every
 * ~PROGRESS_EVERY samples (progress); returns null if `signal` aborts it.
 */
export async function* importance(
  model: Model, ds: Dataset, indices: Int32Array, gradBatchSize: number, signal?: AbortSignal,
): AsyncGenerator<number, tf.Tensor[] | null> {
  let acc: tf.Tensor[] = model.weights.map((w) => tf.zerosLike(w));
  let ceSum: tf.Scalar = tf.scalar(0);
  let groups = 0;
  try {
    for (let i = 0; i < indices.length; i += gradBatchSize) {
      if (signal?.aborted) return null;
      const idx = indices.subarray(i, i + gradBatchSize);
      const [next, ce] = tf.tidy(() => {
        const x = tf.tensor2d(gatherInputs(ds, ds.train, idx), [idx.length, sampleSize(ds)]);
        const y = tf.tensor1d(gatherLabels(ds.train, idx), 'int32');
        const { value, grads } = tf.variableGrads(() => crossEntropy(model.logits(x), y, model.numClasses), model.weights);
        return [model.weights.map((w, k) => tf.add(acc[k], tf.square(grads[w.name]))), tf.add(ceSum, tf.mul(value, idx.length))] as [tf.Tensor[], tf.Scalar];
      });
      tf.dispose([...acc, ceSum]);
      [acc, ceSum] = [next, ce];
      groups++;
      if (groups % groupsPerStep(gradBatchSize) === 0) {
        yield (await ceSum.data())[0] / Math.min(i + gradBatchSize, indices.length);
      }
    }
    return acc.map((t) => tf.div(t, Math.max(groups, 1)));
  } finally {
    tf.dispose([...acc, ceSum]);
  }
}

/**
 * θ ← min(λ·I_D/I_f, 1)·θ where I_f > α·I_D, in place; weights elsewhere are
 * selected unchanged (tf.where), so they stay bit-for-bit equal. Returns how many were dampened.
 */
export async function dampen(model: Model, importanceD: tf.Tensor[], importanceF: tf.Tensor[], alpha: number, lambda: number): Promise<number> {
  const counts = model.weights.map((w, k) => {
    const [next, n] = tf.tidy(() => {
      const selected = tf.greater(importanceF[k], tf.mul(importanceD[k], alpha));
      const beta = tf.minimum(tf.div(tf.mul(importanceD[k], lambda), importanceF[k]), 1);
      return [tf.where(selected, tf.mul(w, beta), w), tf.sum(tf.cast(selected, 'int32'))];
    });
    w.assign(next);
    next.dispose();
    return n;
  });
  // One asynchronous readback for all counts (no sync read: see allFinite in optimize.ts).
  const total = tf.addN(counts);
  try {
    return (await total.data())[0];
  } finally {
    tf.dispose([total, ...counts]);
  }
}

/** Re-yields an importance loop's progress as step events (loss = running mean CE). */
async function* asSteps(
  gen: AsyncGenerator<number, tf.Tensor[] | null>, c: { step: number; totalSteps: number; loss: number },
): AsyncGenerator<StepEvent, tf.Tensor[] | null> {
  try {
    for (;;) {
      const r = await gen.next();
      if (r.done) return r.value;
      c.loss = r.value;
      yield { type: 'step', step: ++c.step, totalSteps: c.totalSteps, loss: r.value };
    }
  } finally {
    await gen.return(null); // releases the loop's buffers if we were stopped mid-way
  }
}

export const ssd: UnlearningMethod = {
  id: 'ssd',
  label: 'SSD',
  summary: 'No training: dampen the weights much more important to the forget set than to the training set (importance = mean squared gradient).',
  params: [
    { name: 'alpha', label: 'α — selection threshold (dampen where I_f > α·I_D)', kind: 'number', default: 10, min: 1, max: 1000, log: true, help: 'α, selection: dampen where I_f > α·I_D (reference 10; small start 5–50)' },
    { name: 'lambda', label: 'λ — dampening strength', kind: 'number', default: 1, min: 0, max: 100, step: 0.1, help: 'λ, dampening: θ ← min(λ·I_D/I_f, 1)·θ (reference 1)' },
    { name: 'batchSize', label: 'samples per squared gradient for I_D', kind: 'int', default: 64, min: 1, max: 4096, help: 'Samples per squared gradient for I_D (reference 64); 1 = per-sample mean, which caps I_f/I_D at 1/(forget share of D)' },
    { name: 'forgetBatchSize', label: 'samples per squared gradient for I_f', kind: 'int', default: 64, min: 1, max: 4096, help: 'Samples per squared gradient for I_f (reference: 64 whole-class, 128 random forgetting)' },
  ],
  async *run(ctx, p) {
    const { original, model, data, signal } = ctx;
    const ds = data.dataset;
    const [batchSize, forgetBatchSize] = [num(p, 'batchSize'), num(p, 'forgetBatchSize')];
    const forget = data.forget.slice().sort();
    const trainD = Int32Array.from([...data.retain.slice().sort(), ...forget]);
    const counter = { step: 0, totalSteps: progressSteps(trainD.length, batchSize) + progressSteps(forget.length, forgetBatchSize) + 1, loss: 0 };
    let impD: tf.Tensor[] | null = null;
    let impF: tf.Tensor[] | null = null;
    let dampened: number;
    try {
      impD = yield* asSteps(importance(original, ds, trainD, batchSize, signal), counter);
      if (!impD) return { status: 'ok' };
      impF = yield* asSteps(importance(original, ds, forget, forgetBatchSize, signal), counter);
      if (!impF) return { status: 'ok' };
      dampened = await dampen(model, impD, impF, num(p, 'alpha'), num(p, 'lambda'));
    } finally {
      tf.dispose([...(impD ?? []), ...(impF ?? [])]);
    }
    const total = model.weights.reduce((a, w) => a + w.size, 0);
    yield { type: 'log', message: `dampened ${dampened} of ${total} weights (I_f > ${num(p, 'alpha')}·I_D)` };
    yield { type: 'step', step: ++counter.step, totalSteps: counter.totalSteps, loss: counter.loss };
    return { status: 'ok', notes: { dampenedWeights: dampened, dampenedShare: dampened / total } };
  },
};
