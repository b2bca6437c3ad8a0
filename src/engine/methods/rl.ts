/**
 * Random labels (RL): train the forget set towards wrong labels, then repair
 * on the retain set.
 *   forget step:  CE(θ; x, y′) on a D_f batch, y′ ≠ y drawn uniformly from the
 *                 other K − 1 classes (y′ never equals y), once per run;
 *   retain step:  CE(θ; x, y) on a D_r batch.
 * Schedule: an epoch walks D_f in shuffled batches; each forget step is
 * followed by `retainSteps` retain steps on the next batches of an endless,
 * reshuffled stream over D_r — the spec's "forget, then retain" at batch
 * granularity, so the repair keeps pace with the damage.
 * SalUn runs this same loop with its saliency masks on the gradients.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeBatch, epochBatches, makeBatch } from '../batching';
import { gatherLabels } from '../data/dataset';
import type { UnlearningData } from '../data/unlearningData';
import { minimizeStep } from '../optimize';
import type { Rng } from '../random';
import { crossEntropy, randomOtherLabels } from './losses';
import { num } from './params';
import { batchStream, optimizerFrom, optimizerParams, relabelled } from './shared';
import type { MethodContext, MethodOutcome, ParamSpec, ParamValues, StepEvent, UnlearningMethod } from './types';

export const RL_PARAMS: ParamSpec[] = [
  ...optimizerParams({ lr: 0.01, lrHelp: 'Learning rate (reference 0.01 with SGD)', optimizer: 'sgd' }),
  { name: 'epochs', kind: 'int', default: 3, min: 1, max: 100, help: 'Passes over the forget set (small start 2–5; reference 10)' },
  { name: 'batchSize', kind: 'int', default: 128, min: 1, max: 4096, help: 'Batch size of forget and retain steps' },
  { name: 'retainSteps', kind: 'int', default: 1, min: 0, max: 100, help: 'Retain (CE on D_r) steps after each random-label forget step; 0 = forget steps only' },
];

/** y′ for every sample of D_f (in `data.forget` order): uniform over the K − 1 wrong classes. */
export function forgetRandomLabels(data: UnlearningData, rng: Rng): Int32Array {
  return randomOtherLabels(gatherLabels(data.dataset.train, data.forget), data.dataset.numClasses, () => rng.next());
}

/** The RL loop; `masks` (one per weight, or null) restrict every update (SalUn). */
export async function* randomLabelDescent(
  ctx: MethodContext, p: ParamValues, masks?: (tf.Tensor | null)[],
): AsyncGenerator<StepEvent, MethodOutcome> {
  const { model, data, signal } = ctx;
  const ds = data.dataset;
  const batchSize = num(p, 'batchSize');
  const retainSteps = num(p, 'retainSteps');
  const labels = relabelled(ds, data.forget, forgetRandomLabels(data, ctx.rng.fork('labels')));
  const forgetRng = ctx.rng.fork('forget');
  const nextRetain = batchStream(data.retain, batchSize, ctx.rng.fork('retain'));
  const totalSteps = Math.ceil(data.forget.length / batchSize) * num(p, 'epochs') * (1 + retainSteps);
  const opt = optimizerFrom(p);
  const stepOpts = { weightDecay: num(p, 'weightDecay'), masks };
  // One CE step on the given samples; `y` overrides the split's labels.
  const ceStep = async (idx: Int32Array, y?: Int32Array): Promise<number> => {
    const b = makeBatch(ds, ds.train, idx, y && Int32Array.from(idx, (i) => y[i]));
    const lossT = minimizeStep(opt, model.weights, () => crossEntropy(model.logits(b.x), b.y, model.numClasses), stepOpts);
    const loss = (await lossT.data())[0];
    lossT.dispose();
    disposeBatch(b);
    return loss;
  };
  let step = 0;
  try {
    for (let e = 0; e < num(p, 'epochs'); e++) {
      for (const idx of epochBatches(data.forget, batchSize, forgetRng)) {
        if (signal.aborted) return { status: 'ok' };
        const loss = await ceStep(idx, labels);
        yield { type: 'step', step: ++step, totalSteps, loss };
        for (let r = 0; r < retainSteps; r++) {
          if (signal.aborted) return { status: 'ok' };
          const retainLoss = await ceStep(nextRetain());
          yield { type: 'step', step: ++step, totalSteps, loss: retainLoss };
        }
      }
    }
  } finally {
    opt.dispose();
  }
  return { status: 'ok' };
}

export const rl: UnlearningMethod = {
  id: 'rl',
  label: 'Random labels',
  summary: 'Train the forget set on random wrong labels (y′ ≠ y), interleaved with CE steps on the retain set.',
  params: RL_PARAMS,
  run: (ctx, p) => randomLabelDescent(ctx, p),
};
