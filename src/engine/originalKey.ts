/**
 * What decides the Original's weights: the data, the model, the training
 * recipe, the seed, and the forget scenario only where it changes the training
 * data (a backdoor, a removed sub-class). Two configs with the same key train
 * the same Original, so the session reuses a trained one and the page restores
 * a stored one after a reload. Plain data, no tfjs: the page computes it too.
 */
import type { ExperimentConfig } from './config';
import { scenarioChangesTraining } from './data/scenarios';

export function originalKey(c: Pick<ExperimentConfig, 'dataset' | 'model' | 'train' | 'seed' | 'scenario'>): string {
  return JSON.stringify([c.dataset, c.model, c.train, c.seed, scenarioChangesTraining(c.scenario) ? c.scenario : null]);
}
