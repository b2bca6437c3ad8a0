/**
 * SCRUB (Kurmanji et al., "Towards unbounded machine unlearning"): the student
 * θ (starting at θ_o) moves away from the teacher θ_o on D_f and stays close on D_r.
 *   max-step on a D_f batch:  loss = −KL_T(θ_o ‖ θ)               (ascend the divergence)
 *   min-step on a D_r batch:  loss = γ·CE(θ) + α·KL_T(θ_o ‖ θ)
 * Each epoch: a pass of max-steps over D_f (first `maxEpochs` epochs only), then
 * a pass of min-steps over D_r. KL_T carries the T² factor (losses.ts).
 * At θ = θ_o the KL and its gradient are zero, so the very first max pass barely
 * moves θ; the min-steps open a gap the later max-steps widen — as in the reference.
 * Max-steps ascend, so they stop early like GA; the min-steps then still run.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeBatch, epochBatches, makeBatch, type Batch } from '../batching';
import type { Model } from '../models/model';
import { minimizeStep } from '../optimize';
import { checkEarlyStop, EARLY_STOP_PARAMS } from './earlyStop';
import { crossEntropy, distillationKL } from './losses';
import { num } from './params';
import { optimizerFrom, optimizerParams } from './shared';
import { TeacherLogits } from './teacherLogits';
import type { UnlearningMethod } from './types';

/** −KL_T(θ_o ‖ θ) on a forget batch. */
export function maxStepLoss(teacher: TeacherLogits, student: Model, b: Batch, T: number): tf.Scalar {
  return tf.tidy(() => tf.neg(distillationKL(teacher.logitsOf(b), student.logits(b.x), T)));
}

/** γ·CE(θ) + α·KL_T(θ_o ‖ θ) on a retain batch. */
export function minStepLoss(teacher: TeacherLogits, student: Model, b: Batch, T: number, gamma: number, alpha: number): tf.Scalar {
  return tf.tidy(() => {
    const z = student.logits(b.x);
    return tf.add(tf.mul(crossEntropy(z, b.y, student.numClasses), gamma), tf.mul(distillationKL(teacher.logitsOf(b), z, T), alpha)) as tf.Scalar;
  });
}

export const scrub: UnlearningMethod = {
  id: 'scrub',
  label: 'SCRUB',
  summary: 'Student–teacher: max-steps push the student\'s outputs away from θ_o on D_f (KL), min-steps keep them close on D_r (CE + KL).',
  params: [
    { name: 'temperature', kind: 'number', default: 4, min: 0.5, max: 20, step: 0.5, help: 'T, the distillation temperature (reference 2–4)' },
    { name: 'gamma', kind: 'number', default: 1, min: 0, max: 10, step: 0.1, help: 'γ, weight of CE in the min-steps' },
    { name: 'alpha', kind: 'number', default: 0.5, min: 0, max: 10, step: 0.1, help: 'α, weight of the KL to θ_o in the min-steps' },
    { name: 'epochs', kind: 'int', default: 10, min: 1, max: 100, help: 'Epochs; each ends with a pass of min-steps over D_r' },
    { name: 'maxEpochs', kind: 'int', default: 3, min: 0, max: 100, help: 'The first epochs that also run a pass of max-steps over D_f' },
    ...optimizerParams({ lr: 5e-4, lrHelp: 'Learning rate (reference 5e-4 with SGD)', optimizer: 'sgd' }),
    { name: 'batchSize', kind: 'int', default: 128, min: 1, max: 4096, help: 'Retain batch size (min-steps)' },
    { name: 'forgetBatchSize', kind: 'int', default: 32, min: 1, max: 4096, help: 'Forget batch size (max-steps; the reference uses smaller forget batches)' },
    ...EARLY_STOP_PARAMS,
  ],
  async *run(ctx, p) {
    const { original, model, data, signal } = ctx;
    const ds = data.dataset;
    const T = num(p, 'temperature');
    const [batchSize, forgetBatchSize] = [num(p, 'batchSize'), num(p, 'forgetBatchSize')];
    const [epochs, maxEpochs] = [num(p, 'epochs'), Math.min(num(p, 'maxEpochs'), num(p, 'epochs'))];
    const forgetRng = ctx.rng.fork('forget');
    const retainRng = ctx.rng.fork('retain');
    const totalSteps = Math.ceil(data.forget.length / forgetBatchSize) * maxEpochs + Math.ceil(data.retain.length / batchSize) * epochs;
    const stepOpts = { weightDecay: num(p, 'weightDecay') };
    const opt = optimizerFrom(p);
    // θ_o never changes: its logits on D_f and D_r once, not a forward pass per step.
    const teacher = await TeacherLogits.of(original, ds, Int32Array.from([...data.forget, ...data.retain]));
    // One optimizer step on a batch; returns the loss before the update.
    const optimizerStep = async (idx: Int32Array, loss: (b: Batch) => tf.Scalar): Promise<number> => {
      const b = makeBatch(ds, ds.train, idx);
      const lossT = minimizeStep(opt, model.weights, () => loss(b), stepOpts);
      const v = (await lossT.data())[0];
      lossT.dispose();
      disposeBatch(b);
      return v;
    };
    let step = 0;
    let stoppedWhy: string | null = null;
    try {
      for (let e = 0; e < epochs; e++) {
        if (e < maxEpochs && !stoppedWhy) {
          for (const idx of epochBatches(data.forget, forgetBatchSize, forgetRng)) {
            if (signal.aborted) return { status: 'ok' };
            const loss = await optimizerStep(idx, (b) => maxStepLoss(teacher, model, b, T));
            yield { type: 'step', step: ++step, totalSteps, loss };
            stoppedWhy = await checkEarlyStop(ctx, p, step, loss);
            if (stoppedWhy) {
              yield { type: 'log', message: `max-steps stopped: ${stoppedWhy}; min-steps go on` };
              break;
            }
          }
        }
        for (const idx of epochBatches(data.retain, batchSize, retainRng)) {
          if (signal.aborted) return { status: 'ok' };
          const loss = await optimizerStep(idx, (b) => minStepLoss(teacher, model, b, T, num(p, 'gamma'), num(p, 'alpha')));
          yield { type: 'step', step: ++step, totalSteps, loss };
        }
      }
    } finally {
      opt.dispose();
      teacher.dispose();
    }
    return stoppedWhy
      ? { status: 'stopped-early', message: `max-steps stopped early (${stoppedWhy}); the min-steps ran to the end` }
      : { status: 'ok' };
  },
};
