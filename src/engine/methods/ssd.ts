/**
 * Selective Synaptic Dampening (Foster et al.): no training. Weights that
 * matter far more to D_f than to the whole training set D are shrunk.
 *   importance  I = mean over samples of (∇θ CE)², on D (a seeded subsample of
 *               the training set, retain ∪ forget) and on D_f (a seeded subsample
 *               when D_f is larger than `forgetSampleSize`), both on θ_o;
 *   dampening   where I_f > α·I_D:  θ ← min(λ·I_D / I_f, 1)·θ;
 *               every other weight is left exactly as it was.
 * `gradBatchSize` = 1 gives the per-sample mean, the definition as written. But
 * then I_D ≥ s·I_f, s the share of D_f in D, so I_f/I_D ≤ 1/s: on 10-class
 * class-wise forgetting no ratio clears α ≈ 10 by much, and SSD barely acts
 * (measured on MNIST class 3: forget accuracy 0.99 → 0.99 at α 5 and 10).
 * The reference code squares *mini-batch* gradients instead (batch 32 in its
 * scripts): averaging inside a mixed batch dilutes D_f's share before squaring,
 * which is what its α 5–50 was tuned for (same MNIST run: 0.99 → 0.30 at α 10).
 * So the default is 32, the reference's estimate; 1 is kept as an option.
 */
import * as tf from '@tensorflow/tfjs';
import { randomBatch } from '../batching';
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
    { name: 'alpha', kind: 'number', default: 10, min: 1, max: 1000, log: true, help: 'α, selection: dampen where I_f > α·I_D (reference 10; small start 5–50)' },
    { name: 'lambda', kind: 'number', default: 1, min: 0, max: 100, step: 0.1, help: 'λ, dampening: θ ← min(λ·I_D/I_f, 1)·θ (reference 1)' },
    { name: 'sampleSize', kind: 'int', default: 1000, min: 1, max: 100000, help: 'Size of the seeded subsample of the training set D for I_D' },
    { name: 'forgetSampleSize', kind: 'int', default: 1000, min: 1, max: 100000, help: 'Largest number of forget samples for I_f (a seeded subsample when D_f is larger)' },
    { name: 'gradBatchSize', kind: 'int', default: 32, min: 1, max: 1024, help: 'Samples per squared gradient: 32 = the reference code\'s mini-batch estimate (α tuned for it); 1 = per-sample mean, which caps I_f/I_D at 1/(forget share of D)' },
  ],
  async *run(ctx, p) {
    const { original, model, data, signal } = ctx;
    const ds = data.dataset;
    const trainAll = Int32Array.from([...data.retain, ...data.forget]).sort();
    const sampleD = randomBatch(trainAll, num(p, 'sampleSize'), ctx.rng.fork('sampleD'));
    const sampleF = randomBatch(data.forget, num(p, 'forgetSampleSize'), ctx.rng.fork('sampleF'));
    const gradBatchSize = num(p, 'gradBatchSize');
    const counter = { step: 0, totalSteps: progressSteps(sampleD.length, gradBatchSize) + progressSteps(sampleF.length, gradBatchSize) + 1, loss: 0 };
    let impD: tf.Tensor[] | null = null;
    let impF: tf.Tensor[] | null = null;
    let dampened = 0;
    try {
      impD = yield* asSteps(importance(original, ds, sampleD, gradBatchSize, signal), counter);
      if (!impD) return { status: 'ok' };
      impF = yield* asSteps(importance(original, ds, sampleF, gradBatchSize, signal), counter);
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
