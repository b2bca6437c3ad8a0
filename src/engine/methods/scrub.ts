/**
 * SCRUB (Kurmanji et al., "Towards unbounded machine unlearning"): the student
 * θ (starting at θ_o) moves away from the teacher θ_o on D_f and stays close on D_r.
 *   max-step on a D_f batch:  loss = −KL_T(θ_o ‖ θ)               (ascend the divergence)
 *   min-step on a D_r batch:  loss = γ·CE(θ) + α·KL_T(θ_o ‖ θ)
 * Each epoch: a pass of max-steps over D_f (first `maxEpochs` epochs only), then
 * a pass of min-steps over D_r; the learning rate is multiplied by
 * `lrDecayRate` once for every decay epoch already passed (1-based epochs, as
 * the reference's `adjust_learning_rate`). KL_T carries the T² factor (losses.ts).
 * At θ = θ_o the KL and its gradient are zero, so the very first max pass barely
 * moves θ; the min-steps open a gap the later max-steps widen — as in the reference.
 * Reference: meghdadk/SCRUB, large_scale_unlearning.ipynb ("SCRUB Forgetting"
 * cell, `train_distill` maximize / minimize, thirdparty/repdistiller
 * helper/util.py `adjust_learning_rate`). The defaults are its large-scale
 * setting, the one for full-size training sets and whole-class forgetting:
 * SGD (momentum 0.9, weight decay 5e-4), lr 5e-4, T 4, γ 0.99, α 0.001,
 * 2 max-epochs of 3, decay ×0.1 after epochs 3, 5, 9, forget batch 512,
 * retain batch 256. Its small-scale setting (100 samples a class) is Adam,
 * T 2, γ 1, α 0.5, 3 max-epochs of 10, decay after 5, 8, 9, batches 64 / 32.
 * Differences: the reference's β·(feature-distillation) term is 0 in both
 * settings and is left out; no early stop unless asked (earlyStop.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { epochBatches, type Batch } from '../batching';
import type { Model } from '../models/model';
import { setLearningRate } from '../optimize';
import { checkEarlyStop, EARLY_STOP_PARAMS } from './earlyStop';
import { crossEntropy, distillationKL } from './losses';
import { num, str } from './params';
import { batchStep, optimizerFrom, optimizerParams } from './shared';
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

/** The reference's step decay: lr · rate^(number of decay epochs below `epoch`), epochs counted from 1. */
export function decayedLearningRate(lr: number, epoch: number, decayEpochs: number[], rate: number): number {
  return lr * rate ** decayEpochs.filter((d) => epoch > d).length;
}

/** '3,5,9' → [3, 5, 9]; 'none' → []. */
const decayEpochsOf = (s: string): number[] => (s === 'none' ? [] : s.split(',').map(Number));

export const scrub: UnlearningMethod = {
  id: 'scrub',
  label: 'SCRUB',
  summary: 'Student–teacher: max-steps push the student\'s outputs away from θ_o on D_f (KL), min-steps keep them close on D_r (CE + KL).',
  params: [
    { name: 'temperature', label: 'T — distillation temperature', kind: 'number', default: 4, min: 0.5, max: 20, step: 0.5, help: 'T, the distillation temperature (reference: 4 large-scale, 2 small-scale)' },
    { name: 'gamma', label: 'γ — weight of CE in the min-steps', kind: 'number', default: 0.99, min: 0, max: 10, step: 0.01, help: 'γ, weight of CE in the min-steps (reference: 0.99 large-scale, 1 small-scale)' },
    { name: 'alpha', label: 'α — weight of the KL to θ_o in the min-steps', kind: 'number', default: 0.001, min: 0, max: 10, step: 0.001, help: 'α, weight of the KL to θ_o in the min-steps (reference: 0.001 large-scale, 0.5 small-scale)' },
    { name: 'epochs', label: 'epochs (each ends with min-steps on D_r)', kind: 'int', default: 3, min: 1, max: 100, help: 'Epochs; each ends with a pass of min-steps over D_r (reference: 3 large-scale, 10 small-scale)' },
    { name: 'maxEpochs', label: 'epochs with max-steps on D_f (msteps)', kind: 'int', default: 2, min: 0, max: 100, help: 'The first epochs that also run a pass of max-steps over D_f (reference msteps: 2 large-scale, 3 small-scale)' },
    ...optimizerParams({ lr: 5e-4, lrHelp: 'Learning rate at the start (reference 5e-4)', optimizer: 'sgd', weightDecay: 5e-4 }),
    { name: 'lrDecayEpochs', label: 'learning-rate decay epochs', kind: 'choice', default: '3,5,9', options: ['3,5,9', '5,8,9', 'none'], help: 'Epochs after which the learning rate is multiplied by the decay rate (reference: 3,5,9 large-scale, 5,8,9 small-scale)' },
    { name: 'lrDecayRate', label: 'learning-rate decay factor', kind: 'number', default: 0.1, min: 0, max: 1, step: 0.01, help: 'Factor of each learning-rate decay (reference 0.1)' },
    { name: 'batchSize', label: 'retain batch size, min-steps (samples)', kind: 'int', default: 256, min: 1, max: 4096, help: 'Retain batch size, min-steps (reference: 256 large-scale, 32 small-scale)' },
    { name: 'forgetBatchSize', label: 'forget batch size, max-steps (samples)', kind: 'int', default: 512, min: 1, max: 4096, help: 'Forget batch size, max-steps — the larger of the two in the reference (512 large-scale, 64 small-scale)' },
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
    const decayEpochs = decayEpochsOf(str(p, 'lrDecayEpochs'));
    const opt = optimizerFrom(p);
    // θ_o never changes: its logits on D_f and D_r once, not a forward pass per step.
    const teacher = await TeacherLogits.of(original, ds, Int32Array.from([...data.forget, ...data.retain]));
    const optimizerStep = (idx: Int32Array, loss: (b: Batch) => tf.Scalar) => batchStep(opt, model, ds, idx, loss, stepOpts);
    let step = 0;
    let stoppedWhy: string | null = null;
    try {
      for (let e = 0; e < epochs; e++) {
        setLearningRate(opt, decayedLearningRate(num(p, 'lr'), e + 1, decayEpochs, num(p, 'lrDecayRate')));
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
