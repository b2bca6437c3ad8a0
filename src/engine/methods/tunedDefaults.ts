/**
 * Tuned defaults: for each scenario family the lab tuned on, each method's
 * chosen trial from an equal-budget tuning run (docs/experiments/tuned-defaults.md
 * has the commands, budgets, seeds and held-out tables). They apply where they
 * were measured — the MLP on MNIST or Fashion-MNIST — and only when the config
 * asks for them (`methodDefaults: "tuned"`); everywhere else, and for a method
 * whose defaults won its own tuning, the reference defaults stand.
 */
import type { ExperimentConfig } from '../config';
import type { ParamValues } from './types';

export type ScenarioFamily = 'class' | 'subclass' | 'random';

/** Chosen on validation seed 1 of each family's example config (public/examples), 8 trials per method. */
export const TUNED_DEFAULTS: Record<ScenarioFamily, Readonly<Record<string, Readonly<ParamValues>>>> = {
  class: {
    muda: { epochs: 27, lambdaDA: 36.01, lr: 0.001977, recoverPerForget: 1, temperature: 2.783 },
    ga: { epochs: 6, lr: 0.0006314, optimizer: 'sgd' },
    ft: { epochs: 1, lr: 0.05624 },
    neggradplus: { alpha: 0.9824, epochs: 3, lr: 0.03304 },
    rl: { epochs: 3, lr: 0.01638 },
    'boundary-expand': { epochs: 3, lr: 0.0005222, shadowInit: 'reference' },
    'l1-sparse': { epochs: 2, gamma: 0.0001143, lr: 0.0596 },
    scrub: { alpha: 0.2269, epochs: 4, lr: 0.009305, maxEpochs: 3, temperature: 5.441 },
    'bad-teacher': { epochs: 2, lr: 0.0001865, retainShare: 0.4922, temperature: 2.693 },
    ssd: { alpha: 6.353, lambda: 0.1263 },
  },
  subclass: {
    muda: { epochs: 12, lambdaDA: 98.81, lr: 0.000555, recoverPerForget: 2, temperature: 7.92 },
    neggradplus: { alpha: 0.9758, epochs: 1, lr: 0.00209 },
    rl: { epochs: 3, lr: 0.01119 },
    salun: { epochs: 3, lr: 0.009245, rho: 0.6781 },
    scrub: { alpha: 0.04644, epochs: 5, lr: 0.0002069, maxEpochs: 1, temperature: 2.823 },
    'bad-teacher': { epochs: 2, lr: 0.00001755, retainShare: 0.4289, temperature: 3.03 },
  },
  random: {
    muda: { epochs: 27, lambdaDA: 36.01, lr: 0.001977, recoverPerForget: 1, temperature: 2.783 },
    ga: { epochs: 7, lr: 0.00253, optimizer: 'sgd' },
    ft: { epochs: 1, lr: 0.05624 },
    rl: { epochs: 3, lr: 0.01638 },
    'boundary-shrink': { epochs: 7, epsilon: 0.325, lr: 0.000319 },
    'l1-sparse': { epochs: 2, gamma: 0.0001143, lr: 0.0596 },
    salun: { epochs: 3, lr: 0.001936, rho: 0.7007 },
    'bad-teacher': { epochs: 3, lr: 0.0003861, retainShare: 0.2867, temperature: 2.867 },
    ssd: { alpha: 3.129, lambda: 2.875 },
  },
};

/** The family whose tuned defaults fit this config, or null where none was measured. */
export function tunedFamily(config: Pick<ExperimentConfig, 'dataset' | 'model' | 'scenario'>): ScenarioFamily | null {
  if (config.model.kind !== 'mlp') return null;
  if (config.dataset.name !== 'mnist' && config.dataset.name !== 'fashion-mnist') return null;
  const kind = config.scenario.kind;
  return kind === 'class' || kind === 'subclass' || kind === 'random' ? kind : null;
}

/** The parameters a method's unset ones take beyond its schema defaults: the tuned values when asked for and measured, else none. */
export function defaultParamsFor(config: Pick<ExperimentConfig, 'dataset' | 'model' | 'scenario' | 'methodDefaults'>, methodId: string): ParamValues {
  if (config.methodDefaults !== 'tuned') return {};
  const family = tunedFamily(config);
  return family ? { ...TUNED_DEFAULTS[family][methodId] } : {};
}
