/**
 * Gradient ascent (GA): maximise the cross-entropy on D_f, i.e. minimise −CE.
 * Diverges if left alone, so it stops early (earlyStop.ts) and says why.
 */
import { disposeBatch, epochBatches, makeBatch } from '../batching';
import { makeOptimizer, minimizeStep } from '../optimize';
import { checkEarlyStop, EARLY_STOP_PARAMS } from './earlyStop';
import { crossEntropy } from './losses';
import { num, str } from './params';
import type { UnlearningMethod } from './types';
import * as tf from '@tensorflow/tfjs';

export const ga: UnlearningMethod = {
  id: 'ga',
  label: 'Gradient ascent',
  summary: 'Ascend the cross-entropy on the forget set (loss −CE); stops early before it wrecks the model.',
  params: [
    { name: 'lr', kind: 'number', default: 1e-4, min: 1e-7, max: 1, log: true, help: 'Learning rate (baselines.md: 1e-4 for class-wise forgetting)' },
    { name: 'epochs', kind: 'int', default: 2, min: 1, max: 100, help: 'Passes over the forget set' },
    { name: 'batchSize', kind: 'int', default: 128, min: 1, max: 4096, help: 'Forget batch size' },
    { name: 'optimizer', kind: 'choice', default: 'adam', options: ['adam', 'sgd'], help: 'Optimizer' },
    ...EARLY_STOP_PARAMS,
  ],
  async *run(ctx, p) {
    const { model, data, rng, signal } = ctx;
    const ds = data.dataset;
    const opt = makeOptimizer(str(p, 'optimizer') as 'adam' | 'sgd', num(p, 'lr'));
    const batchesPerEpoch = Math.ceil(data.forget.length / num(p, 'batchSize'));
    const totalSteps = batchesPerEpoch * num(p, 'epochs');
    let step = 0;
    try {
      for (let e = 0; e < num(p, 'epochs'); e++) {
        for (const idx of epochBatches(data.forget, num(p, 'batchSize'), rng)) {
          if (signal.aborted) return { status: 'ok' };
          const b = makeBatch(ds, ds.train, idx);
          const lossT = minimizeStep(opt, model.weights, () => tf.neg(crossEntropy(model.logits(b.x), b.y, model.numClasses)));
          const loss = (await lossT.data())[0];
          lossT.dispose();
          disposeBatch(b);
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
