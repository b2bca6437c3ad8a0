/**
 * NegGrad+ (Kurmanji et al., SCRUB paper's baseline): descend on the retain
 * set and ascend on the forget set in the same step,
 *   loss = α·CE(θ; B_r) − (1 − α)·CE(θ; B_f),
 * on paired batches: an epoch is one pass over D_r, each retain batch paired
 * with the next batch of an endless, reshuffled stream over D_f (as the
 * reference zips the retain loader with a cycled forget loader).
 * The ascent term diverges if left alone, so it stops early like GA.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeBatch, epochBatches, makeBatch } from '../batching';
import { minimizeStep } from '../optimize';
import { checkEarlyStop, EARLY_STOP_PARAMS } from './earlyStop';
import { crossEntropy } from './losses';
import { num } from './params';
import { batchStream, optimizerFrom, optimizerParams } from './shared';
import type { UnlearningMethod } from './types';

export const negGradPlus: UnlearningMethod = {
  id: 'neggradplus',
  label: 'NegGrad+',
  summary: 'Descend CE on the retain set while ascending it on the forget set: loss α·CE(D_r) − (1−α)·CE(D_f) on paired batches.',
  params: [
    { name: 'alpha', kind: 'number', default: 0.95, min: 0, max: 1, step: 0.001, help: 'α, the retain weight; the forget term gets 1 − α (reference 0.95, small start 0.95–0.999)' },
    ...optimizerParams({ lr: 0.01, lrHelp: 'Learning rate (reference 0.01 with SGD)', optimizer: 'sgd' }),
    { name: 'epochs', kind: 'int', default: 2, min: 1, max: 100, help: 'Passes over the retain set' },
    { name: 'batchSize', kind: 'int', default: 128, min: 1, max: 4096, help: 'Size of the retain batch and of the forget batch paired with it' },
    ...EARLY_STOP_PARAMS,
  ],
  async *run(ctx, p) {
    const { model, data, signal } = ctx;
    const ds = data.dataset;
    const alpha = num(p, 'alpha');
    const batchSize = num(p, 'batchSize');
    const retainRng = ctx.rng.fork('retain');
    const nextForget = batchStream(data.forget, batchSize, ctx.rng.fork('forget'));
    const totalSteps = Math.ceil(data.retain.length / batchSize) * num(p, 'epochs');
    const opt = optimizerFrom(p);
    let step = 0;
    try {
      for (let e = 0; e < num(p, 'epochs'); e++) {
        for (const idx of epochBatches(data.retain, batchSize, retainRng)) {
          if (signal.aborted) return { status: 'ok' };
          const br = makeBatch(ds, ds.train, idx);
          const bf = makeBatch(ds, ds.train, nextForget());
          const lossT = minimizeStep(opt, model.weights, () => tf.sub(
            tf.mul(crossEntropy(model.logits(br.x), br.y, model.numClasses), alpha),
            tf.mul(crossEntropy(model.logits(bf.x), bf.y, model.numClasses), 1 - alpha),
          ) as tf.Scalar, { weightDecay: num(p, 'weightDecay') });
          const loss = (await lossT.data())[0];
          lossT.dispose();
          disposeBatch(br);
          disposeBatch(bf);
          step++;
          yield { type: 'step', step, totalSteps, loss };
          const why = await checkEarlyStop(ctx, p, step, loss);
          if (why) return { status: 'stopped-early', message: why };
        }
      }
    } finally {
      opt.dispose();
    }
    return { status: 'ok' };
  },
};
