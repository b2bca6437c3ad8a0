/**
 * Retrain: the gold standard. A fresh initialisation trained on D_r alone with
 * the Original's recipe (same epochs, batch size, optimizer, learning rate).
 */
import { createModel, copyWeights, disposeModel } from '../models/model';
import { train } from '../train';
import type { UnlearningMethod } from './types';

export const retrain: UnlearningMethod = {
  id: 'retrain',
  label: 'Retrain',
  summary: 'Train from scratch on the retain set only, with the Original\'s recipe: the reference every method is compared to.',
  params: [],
  async *run(ctx) {
    const { model, data, rng, signal } = ctx;
    // Re-initialise in place: the runner owns ctx.model, so copy fresh weights into it.
    const fresh = createModel(model.config, model.inputShape, model.numClasses, rng.fork('init'));
    copyWeights(fresh, model);
    disposeModel(fresh);
    const gen = train(model, data.dataset, data.dataset.train, data.retain, { ...ctx.train, label: 'Retrain' }, rng.fork('train'), signal);
    for await (const p of gen) yield { type: 'step', step: p.step, totalSteps: p.totalSteps, loss: p.loss };
    return { status: 'ok' };
  },
};
