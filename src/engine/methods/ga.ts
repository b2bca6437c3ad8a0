/**
 * Gradient ascent (GA): maximise the cross-entropy on D_f, i.e. minimise −CE,
 * over shuffled forget batches.
 * Reference: OPTML-Group/Unlearn-Sparse, unlearn/GA.py `GA` (driven by
 * unlearn/impl.py `iterative_unlearn`): SGD, momentum 0.9, weight decay 5e-4,
 * batch 256, lr 1e-4 and 5 epochs (the README's command), no early stop.
 * Differences: the reference's step decay of the lr (MultiStepLR at epochs 91
 * and 136) never fires within 5 epochs and is left out. GA diverges if run
 * long; an optional stopping rule (earlyStop.ts, off by default) can end it.
 */
import { epochBatches } from '../batching';
import { crossEntropy } from './losses';
import { checkEarlyStop, EARLY_STOP_PARAMS } from './earlyStop';
import { num } from './params';
import { batchStep, optimizerFrom, optimizerParams } from './shared';
import type { UnlearningMethod } from './types';
import * as tf from '@tensorflow/tfjs';

export const ga: UnlearningMethod = {
  id: 'ga',
  label: 'Gradient ascent',
  summary: 'Ascend the cross-entropy on the forget set (loss −CE), as Unlearn-Sparse runs it: SGD with momentum and weight decay.',
  params: [
    ...optimizerParams({ lr: 1e-4, lrHelp: 'Learning rate (reference 1e-4 with SGD)', optimizer: 'sgd', weightDecay: 5e-4 }),
    { name: 'epochs', label: 'epochs over the forget set', kind: 'int', default: 5, min: 1, max: 100, help: 'Passes over the forget set (reference 5)' },
    { name: 'batchSize', label: 'forget batch size (samples)', kind: 'int', default: 256, min: 1, max: 4096, help: 'Forget batch size (reference 256)' },
    ...EARLY_STOP_PARAMS,
  ],
  async *run(ctx, p) {
    const { model, data, rng, signal } = ctx;
    const ds = data.dataset;
    const batchSize = num(p, 'batchSize');
    const totalSteps = Math.ceil(data.forget.length / batchSize) * num(p, 'epochs');
    const stepOpts = { weightDecay: num(p, 'weightDecay') };
    const opt = optimizerFrom(p);
    let step = 0;
    try {
      for (let e = 0; e < num(p, 'epochs'); e++) {
        for (const idx of epochBatches(data.forget, batchSize, rng)) {
          if (signal.aborted) return { status: 'ok' };
          const loss = await batchStep(opt, model, ds, idx, (b) => tf.neg(crossEntropy(model.logits(b.x), b.y, model.numClasses)), stepOpts);
          yield { type: 'step', step: ++step, totalSteps, loss };
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
