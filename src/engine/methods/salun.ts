/**
 * SalUn (Fan et al., "Saliency unlearning"): RL, but only the salient weights move.
 * Saliency = |∇θ(−CE(θ_o; D_f))|, computed once on the frozen θ_o over the whole
 * forget set; the mask keeps the top ρ share of all weights, ranked globally
 * (every layer in one list). Ties at the threshold go to the lower flat index
 * (weights in model order, each row-major), so the mask is deterministic.
 * Then the RL loop runs with every gradient multiplied by the mask.
 * With ρ = 1 the mask is all ones and SalUn is RL exactly (same seed, same draws).
 */
import * as tf from '@tensorflow/tfjs';
import { gatherInputs, gatherLabels, sampleSize } from '../data/dataset';
import type { Dataset } from '../data/dataset';
import type { Model } from '../models/model';
import { crossEntropy } from './losses';
import { num } from './params';
import { RL_PARAMS, randomLabelDescent } from './rl';
import type { UnlearningMethod } from './types';

const GRAD_CHUNK = 256;

/** |∇θ CE(θ; D_f)| of the mean CE over `indices` (fixed order, in chunks), one flat array per weight. */
export async function forgetGradientMagnitudes(model: Model, ds: Dataset, indices: Int32Array): Promise<Float32Array[]> {
  let acc: tf.Tensor[] = model.weights.map((w) => tf.zerosLike(w));
  for (let i = 0; i < indices.length; i += GRAD_CHUNK) {
    const idx = indices.subarray(i, i + GRAD_CHUNK);
    const share = idx.length / indices.length;
    const next = tf.tidy(() => {
      const x = tf.tensor2d(gatherInputs(ds, ds.train, idx), [idx.length, sampleSize(ds)]);
      const y = tf.tensor1d(gatherLabels(ds.train, idx), 'int32');
      // Sign is irrelevant under |·|: ∇(−CE) and ∇CE have the same magnitude.
      const { grads } = tf.variableGrads(() => crossEntropy(model.logits(x), y, model.numClasses), model.weights);
      return model.weights.map((w, k) => tf.add(acc[k], tf.mul(grads[w.name], share)));
    });
    acc.forEach((t) => t.dispose());
    acc = next;
  }
  const out = await Promise.all(acc.map(async (t) => Float32Array.from(await t.data(), Math.abs)));
  acc.forEach((t) => t.dispose());
  return out;
}

/** 0/1 masks keeping the top ⌊ρ·N + ½⌋ of all N weights by saliency; ties → lower flat index. */
export function topShareMasks(saliency: Float32Array[], rho: number): Float32Array[] {
  const total = saliency.reduce((a, s) => a + s.length, 0);
  const keep = Math.min(total, Math.max(0, Math.round(rho * total)));
  const masks = saliency.map((s) => new Float32Array(s.length));
  if (keep === 0) return masks;
  const sorted = new Float32Array(total);
  let off = 0;
  for (const s of saliency) { sorted.set(s, off); off += s.length; }
  sorted.sort();
  const threshold = sorted[total - keep];
  let above = 0;
  for (const s of saliency) for (const v of s) if (v > threshold) above++;
  let tiesLeft = keep - above;
  saliency.forEach((s, k) => {
    for (let i = 0; i < s.length; i++) {
      if (s[i] > threshold) masks[k][i] = 1;
      else if (s[i] === threshold && tiesLeft > 0) { masks[k][i] = 1; tiesLeft--; }
    }
  });
  return masks;
}

export const salun: UnlearningMethod = {
  id: 'salun',
  label: 'SalUn',
  summary: 'Random labels, with updates masked to the top-ρ weights by forget-gradient saliency |∇θ(−CE(θ_o; D_f))|.',
  params: [
    { name: 'rho', label: 'ρ — share of weights that may change', kind: 'number', default: 0.5, min: 0, max: 1, step: 0.05, help: 'ρ, the share of weights that may change (ranked globally by saliency); 1 = plain RL' },
    ...RL_PARAMS,
  ],
  async *run(ctx, p) {
    const { original, data } = ctx;
    const saliency = await forgetGradientMagnitudes(original, data.dataset, data.forget);
    const maskData = topShareMasks(saliency, num(p, 'rho'));
    const kept = maskData.reduce((a, m) => a + m.reduce((c, v) => c + v, 0), 0);
    yield { type: 'log', message: `saliency mask keeps ${kept} of ${saliency.reduce((a, s) => a + s.length, 0)} weights` };
    const masks = maskData.map((m, k) => tf.tensor(m, ctx.model.weights[k].shape));
    try {
      return yield* randomLabelDescent(ctx, p, masks);
    } finally {
      masks.forEach((m) => m.dispose());
    }
  },
};
