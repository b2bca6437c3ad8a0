/**
 * Bad Teacher (Chundawat et al., "Can bad teaching induce forgetting?"): two
 * teachers, one competent (θ_o) and one incompetent (a randomly initialised
 * model of the same architecture). The student θ (starting at θ_o) distils
 *   from the random teacher on D_f, and from θ_o on a random `retainShare` of D_r:
 *   loss = mean over the batch of KL_T(teacher(x) ‖ θ(x)), teacher chosen per sample.
 * Forget samples and the retain subset are shuffled together into mixed batches.
 */
import * as tf from '@tensorflow/tfjs';
import { epochBatches, randomBatch, type Batch } from '../batching';
import { createModel, disposeModel, type Model } from '../models/model';
import type { Rng } from '../random';
import { distillationKL } from './losses';
import { num } from './params';
import { batchStep, optimizerFrom, optimizerParams } from './shared';
import type { UnlearningMethod } from './types';

/** Teacher logits [b, K]: the random teacher's where `isForget` is 1, θ_o's elsewhere. */
export function mixedTeacherLogits(badTeacher: Model, goodTeacher: Model, x: tf.Tensor2D, isForget: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => tf.where(tf.cast(isForget.expandDims(1), 'bool'), badTeacher.logits(x), goodTeacher.logits(x)) as tf.Tensor2D);
}

/** The incompetent teacher: a fresh initialisation of the model's architecture. */
export function randomTeacher(like: Model, rng: Rng): Model {
  return createModel(like.config, like.inputShape, like.numClasses, rng);
}

export const badTeacher: UnlearningMethod = {
  id: 'bad-teacher',
  label: 'Bad Teacher',
  summary: 'Distil from a random-init teacher on the forget set and from θ_o on a 30% subset of the retain set (KL).',
  params: [
    { name: 'retainShare', label: 'share of D_r distilled from θ_o', kind: 'number', default: 0.3, min: 0, max: 1, step: 0.05, help: 'Share of D_r (seeded subset) distilled from θ_o (reference 30%)' },
    { name: 'temperature', label: 'T — distillation temperature', kind: 'number', default: 1, min: 0.5, max: 20, step: 0.5, help: 'T of the KL (reference 1)' },
    ...optimizerParams({ lr: 1e-4, lrHelp: 'Learning rate (reference Adam 1e-4)', optimizer: 'adam' }),
    { name: 'epochs', label: 'epochs over D_f and the retain share', kind: 'int', default: 1, min: 1, max: 100, help: 'Passes over D_f ∪ retain subset (reference 1)' },
    { name: 'batchSize', label: 'mixed batch size (samples)', kind: 'int', default: 256, min: 1, max: 4096, help: 'Mixed batch size (reference 256)' },
  ],
  async *run(ctx, p) {
    const { original, model, data, signal } = ctx;
    const ds = data.dataset;
    const T = num(p, 'temperature');
    const batchSize = num(p, 'batchSize');
    const teacher = randomTeacher(model, ctx.rng.fork('teacher'));
    const retainSubset = randomBatch(data.retain, Math.round(num(p, 'retainShare') * data.retain.length), ctx.rng.fork('retainSubset'));
    const pool = Int32Array.from([...data.forget, ...retainSubset]);
    const forgetMark = new Uint8Array(ds.train.n);
    for (const i of data.forget) forgetMark[i] = 1;
    const rng = ctx.rng.fork('batches');
    const totalSteps = Math.ceil(pool.length / batchSize) * num(p, 'epochs');
    const stepOpts = { weightDecay: num(p, 'weightDecay') };
    /** KL_T(teacher(x) ‖ θ(x)) over a mixed batch, the teacher chosen per sample. */
    const distillLoss = (b: Batch) => {
      const isForget = tf.tensor1d(Int32Array.from(b.indices, (i) => forgetMark[i]), 'int32');
      return distillationKL(mixedTeacherLogits(teacher, original, b.x, isForget), model.logits(b.x), T);
    };
    const opt = optimizerFrom(p);
    let step = 0;
    try {
      for (let e = 0; e < num(p, 'epochs'); e++) {
        for (const idx of epochBatches(pool, batchSize, rng)) {
          if (signal.aborted) return { status: 'ok' };
          const loss = await batchStep(opt, model, ds, idx, distillLoss, stepOpts);
          yield { type: 'step', step: ++step, totalSteps, loss };
        }
      }
    } finally {
      opt.dispose();
      disposeModel(teacher);
    }
    return { status: 'ok' };
  },
};
