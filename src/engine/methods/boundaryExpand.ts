/**
 * Boundary Expand (Chen et al., "Boundary Unlearning"): give the forget set a
 * class of its own, then take that class away.
 *   1. widen the head to K + 1 outputs: columns 0..K−1 copy θ_o's head, the
 *      (K+1)-th "shadow" column and its bias start as a fresh linear layer's
 *      would (U(−1/√F, 1/√F), F the feature width), or at zero;
 *   2. step: CE(features + widened head; x, K) on D_f batches;
 *   3. prune: write the first K columns back into the model's head and drop
 *      the shadow, so the model ends with K outputs again. Keeping the shadow
 *      would make every forget sample "wrong" by construction (inflated UA).
 * Reference: OPTML-Group/Unlearn-Saliency, Classification/unlearn/boundary_ex.py
 * (`expand_model` swaps in a new nn.Linear with K + 1 outputs, default init,
 * and copies the old K rows; `boundary_expanding_iter` trains on D_f with
 * label K), driven by unlearn/impl.py: SGD, momentum 0.9, weight decay 5e-4.
 * Differences: lr 1e-3 where the reference uses 1e-5 (at 1e-5 the lab's small
 * models barely move in a few epochs of a small forget set); `shadowInit`
 * 'zero' is the lab's option, a neutral logit so all the shadow learns comes
 * from D_f (a random column can claim samples before any training).
 * The widened head lives in temporary variables, disposed at the end.
 */
import * as tf from '@tensorflow/tfjs';
import { epochBatches, type Batch } from '../batching';
import { HEAD_BIAS, HEAD_WEIGHT, weightName, type Model } from '../models/model';
import { crossEntropy } from './losses';
import { num, str } from './params';
import type { Rng } from '../random';
import { batchStep, optimizerFrom, optimizerParams } from './shared';
import type { UnlearningMethod } from './types';

interface WidenedHead { kernel: tf.Variable; bias: tf.Variable }

function headOf(model: Model): WidenedHead {
  const find = (n: string) => model.weights.find((w) => weightName(w) === n)!;
  return { kernel: find(HEAD_WEIGHT), bias: find(HEAD_BIAS) };
}

export type ShadowInit = 'reference' | 'zero';

/** Head [F, K] → [F, K+1]; the shadow column [F] and its bias drawn from U(−1/√F, 1/√F) (nn.Linear's default), or 0. */
export function widenHead(model: Model, init: ShadowInit, rng: Rng): WidenedHead {
  const { kernel, bias } = headOf(model);
  const F = kernel.shape[0];
  const bound = 1 / Math.sqrt(F);
  const shadow = Float32Array.from({ length: F + 1 }, () => (init === 'zero' ? 0 : (2 * rng.next() - 1) * bound));
  return tf.tidy(() => ({
    kernel: tf.variable(tf.concat([kernel, tf.tensor2d(shadow.subarray(0, F), [F, 1])], 1)),
    bias: tf.variable(tf.concat([bias, tf.tensor1d(shadow.subarray(F))])),
  }));
}

/** Copies the first K columns of the widened head back into the model's head. */
export function pruneShadow(model: Model, wide: WidenedHead): void {
  const { kernel, bias } = headOf(model);
  const k = model.numClasses;
  tf.tidy(() => {
    kernel.assign(tf.slice(wide.kernel, [0, 0], [-1, k]));
    bias.assign(tf.slice(wide.bias, [0], [k]));
  });
}

export const boundaryExpand: UnlearningMethod = {
  id: 'boundary-expand',
  label: 'Boundary Expand',
  summary: 'Add a shadow (K+1)-th output, train the forget set into it, then prune it so forget samples fall to their neighbour classes.',
  params: [
    ...optimizerParams({ lr: 1e-3, lrHelp: 'Learning rate (reference 1e-5, too slow for small models; small start ≤ 1e-3)', optimizer: 'sgd', weightDecay: 5e-4 }),
    { name: 'shadowInit', label: 'start of the shadow output', kind: 'choice', default: 'reference', options: ['reference', 'zero'], help: 'Start of the shadow output: reference = a fresh linear layer\'s U(−1/√F, 1/√F); zero = a neutral logit 0' },
    { name: 'epochs', label: 'epochs over the forget set', kind: 'int', default: 5, min: 1, max: 100, help: 'Passes over the forget set' },
    { name: 'batchSize', label: 'forget batch size (samples)', kind: 'int', default: 64, min: 1, max: 4096, help: 'Forget batch size' },
  ],
  async *run(ctx, p) {
    const { model, data, signal } = ctx;
    const ds = data.dataset;
    const batchSize = num(p, 'batchSize');
    const K = model.numClasses;
    const wide = widenHead(model, str(p, 'shadowInit') as ShadowInit, ctx.rng.fork('shadow'));
    const { kernel, bias } = headOf(model);
    const trained = [...model.weights.filter((w) => w !== kernel && w !== bias), wide.kernel, wide.bias];
    const wideLogits = (x: tf.Tensor) => tf.add(tf.matMul(model.features(x), wide.kernel), wide.bias) as tf.Tensor2D;
    /** Step 2's loss: CE(features + widened head; x, K), the labels all K. */
    const shadowLoss = (b: Batch) => crossEntropy(wideLogits(b.x), b.y, K + 1);
    // Indexed by sample, as batchStep reads labels: K for every one a forget batch can hold.
    const shadowLabels = new Int32Array(ds.train.n).fill(K);
    const rng = ctx.rng.fork('forget');
    const totalSteps = Math.ceil(data.forget.length / batchSize) * num(p, 'epochs');
    const stepOpts = { weightDecay: num(p, 'weightDecay'), vars: trained };
    const opt = optimizerFrom(p);
    let step = 0;
    try {
      for (let e = 0; e < num(p, 'epochs'); e++) {
        for (const idx of epochBatches(data.forget, batchSize, rng)) {
          if (signal.aborted) return { status: 'ok' };
          const loss = await batchStep(opt, model, ds, idx, shadowLoss, stepOpts, shadowLabels);
          yield { type: 'step', step: ++step, totalSteps, loss };
        }
      }
    } finally {
      // Also on cancel: the model always ends with K outputs.
      pruneShadow(model, wide);
      wide.kernel.dispose();
      wide.bias.dispose();
      opt.dispose();
    }
    return { status: 'ok' };
  },
};
