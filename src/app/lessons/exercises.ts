/**
 * Take-home exercises: for each lesson, one or two variations of its own
 * experiment that test its point somewhere else (another scenario, centred
 * features, a higher τ, a parameter grid). Each opens the lab configured for
 * it, in a new tab, through the same shared link (#config=…) a person would
 * send; the student runs it with "Run whole experiment" and reads the table
 * and plots. Built from the lesson's config, so they follow it when it changes.
 */
import { parseConfig, type ExperimentConfig, type MethodRun } from '../../engine/config';
import { MUDA_LESSON_PARAMS } from './configs';
import type { Lesson } from './types';

export interface Exercise {
  /** What to do and what to look for, in a sentence or two. */
  task: string;
  config: ExperimentConfig;
}

function variant(lesson: Lesson, change: Partial<Omit<ExperimentConfig, 'eval'>> & { eval?: Partial<ExperimentConfig['eval']> }): ExperimentConfig {
  const base = lesson.config;
  return parseConfig({ ...base, ...change, eval: { ...base.eval, ...change.eval } });
}

const muda = (lambdaDA: number, epochs: number): MethodRun => ({ id: 'muda', params: { ...MUDA_LESSON_PARAMS, lambdaDA, epochs }, label: `MUDA λ_DA ${lambdaDA}, ${epochs} epochs` });

/** Lesson id → its exercises, given the lesson (its config is the starting point). */
const EXERCISES: Record<string, (l: Lesson) => Exercise[]> = {
  unlearning: (l) => [{
    task: 'Forget 10 % of the points at random instead of a whole class. Does Retrain still get the forgotten points wrong, or does it classify them from their neighbours? Compare its forget accuracy (1 − UA) with its test accuracy.',
    config: variant(l, { scenario: { kind: 'random', fraction: 0.1 }, methods: [{ id: 'ga' }] }),
  }],
  eigenspaces: (l) => [{
    task: 'Centre the features and raise τ to 0.99. How many directions k make the retain eigenspace now, and how far apart are the Original\'s and Retrain\'s DA? (The shared mean direction no longer counts.)',
    config: variant(l, { eval: { daCentered: true, daTau: 0.99 } }),
  }],
  observation: (l) => [{
    task: 'Forget another class (8) over 3 seeds. Is Retrain\'s DA above the Original\'s by more than the seed spread the table shows (mean ± std)?',
    config: variant(l, { scenario: { kind: 'class', class: 8 }, eval: { seeds: 3 } }),
  }],
  'wrong-supervision': (l) => [{
    task: 'Random forgetting (10 % of the digits). Do gradient ascent and random labels still move DA away from where the Original starts, and is forgetting still visible in UA?',
    config: variant(l, { scenario: { kind: 'random', fraction: 0.1 } }),
  }],
  muda: (l) => [{
    task: 'A λ_DA × epochs grid of MUDA. Read forget accuracy (1 − UA) against DA in the table and the runs plot: does a higher DA buy more forgetting, or does DA reach 1 while the forget set stays readable?',
    config: variant(l, { methods: [muda(0, 10), muda(5, 10), muda(20, 10), muda(5, 3), muda(5, 20)] }),
  }, {
    task: 'The same MUDA with centred features and τ 0.99: does its DA still overshoot Retrain\'s?',
    config: variant(l, { eval: { daCentered: true, daTau: 0.99 } }),
  }],
  measuring: (l) => [{
    task: 'Centred features and τ 0.99: which of DA, LP, NMI and F1 still tell MUDA from random labels and from Retrain?',
    config: variant(l, { eval: { daCentered: true, daTau: 0.99 } }),
  }],
  backdoor: (l) => [{
    task: 'A stronger poison (10 % of the images) with another target class (7). Does each method still remove the trigger (attack success rate) without losing clean accuracy?',
    config: variant(l, { scenario: { kind: 'backdoor', fraction: 0.1, target: 7 } }),
  }],
};

export function exercisesFor(lesson: Lesson): Exercise[] {
  return EXERCISES[lesson.id]?.(lesson) ?? [];
}
