/**
 * ℓ1-sparse (Jia et al., "Model sparsity can simplify machine unlearning"):
 * fine-tune on D_r with an ℓ1 penalty whose weight decays linearly,
 *   loss_t = CE(θ; D_r) + γ_t‖θ‖₁,  γ_t = γ(1 − t/T),
 * t the step and T the total steps (the reference decays per epoch; per step is
 * the same line, sampled finer). ‖θ‖₁ sums every weight, biases included, as
 * the reference does.
 */
import * as tf from '@tensorflow/tfjs';
import { FT_PARAMS, retainDescent } from './ft';
import { num } from './params';
import type { UnlearningMethod } from './types';

/** ‖θ‖₁ over all weights: a scalar. */
export function l1Norm(weights: tf.Variable[]): tf.Scalar {
  return tf.tidy(() => tf.addN(weights.map((w) => tf.sum(tf.abs(w)))) as tf.Scalar);
}

export const l1Sparse: UnlearningMethod = {
  id: 'l1-sparse',
  label: 'ℓ1-sparse',
  summary: 'Fine-tune on the retain set with a decaying ℓ1 penalty (loss CE + γ(1 − t/T)‖θ‖₁): sparser weights forget more.',
  params: [
    { name: 'gamma', label: 'γ — starting weight of the ℓ1 penalty', kind: 'number', default: 1e-4, min: 0, max: 1e-2, log: true, help: 'γ, the starting ℓ1 weight; decays linearly to 0 (small start 1e-5–5e-4)' },
    ...FT_PARAMS,
  ],
  run(ctx, p) {
    const gamma = num(p, 'gamma');
    return retainDescent(ctx, p, (t, T) => tf.mul(l1Norm(ctx.model.weights), gamma * (1 - t / T)));
  },
};
