/**
 * Fine-tune (FT): keep training θ_o with CE on the retain set D_r only, and let
 * catastrophic forgetting erase D_f. ℓ1-sparse is the same loop with a penalty.
 */
import * as tf from '@tensorflow/tfjs';
import { epochBatches, type Batch } from '../batching';
import { crossEntropy } from './losses';
import { num } from './params';
import { batchStep, optimizerFrom, optimizerParams } from './shared';
import type { MethodContext, MethodOutcome, ParamSpec, ParamValues, StepEvent, UnlearningMethod } from './types';

export const FT_PARAMS: ParamSpec[] = [
  ...optimizerParams({ lr: 0.02, lrHelp: 'Learning rate (docs/baselines.md small start: 0.01–0.05 with SGD)', optimizer: 'sgd' }),
  { name: 'epochs', label: 'epochs over the retain set', kind: 'int', default: 2, min: 1, max: 100, help: 'Passes over the retain set (small start: 2–3; reference 10)' },
  { name: 'batchSize', label: 'retain batch size (samples)', kind: 'int', default: 128, min: 1, max: 4096, help: 'Retain batch size' },
];

/**
 * Descends CE on shuffled D_r batches for `epochs` passes. `penalty(t, T)`, if
 * given, adds a weight-only term at step t of T (ℓ1-sparse's γ_t‖θ‖₁).
 */
export async function* retainDescent(
  ctx: MethodContext, p: ParamValues, penalty?: (t: number, totalSteps: number) => tf.Scalar,
): AsyncGenerator<StepEvent, MethodOutcome> {
  const { model, data, signal } = ctx;
  const ds = data.dataset;
  const batchSize = num(p, 'batchSize');
  const rng = ctx.rng.fork('retain');
  const totalSteps = Math.ceil(data.retain.length / batchSize) * num(p, 'epochs');
  const stepOpts = { weightDecay: num(p, 'weightDecay') };
  const opt = optimizerFrom(p);
  let step = 0;
  /** CE on a retain batch, plus the penalty at step t of totalSteps. */
  const retainLoss = (b: Batch, t: number): tf.Scalar => {
    const ce = crossEntropy(model.logits(b.x), b.y, model.numClasses);
    return penalty ? tf.add(ce, penalty(t, totalSteps)) : ce;
  };
  try {
    for (let e = 0; e < num(p, 'epochs'); e++) {
      for (const idx of epochBatches(data.retain, batchSize, rng)) {
        if (signal.aborted) return { status: 'ok' };
        const loss = await batchStep(opt, model, ds, idx, (b) => retainLoss(b, step), stepOpts);
        yield { type: 'step', step: ++step, totalSteps, loss };
      }
    }
  } finally {
    opt.dispose();
  }
  return { status: 'ok' };
}

export const ft: UnlearningMethod = {
  id: 'ft',
  label: 'Fine-tune',
  summary: 'Keep training on the retain set only (loss CE on D_r) and rely on catastrophic forgetting of D_f.',
  params: FT_PARAMS,
  run: (ctx, p) => retainDescent(ctx, p),
};
