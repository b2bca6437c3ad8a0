/** The lesson's experiment in words, from its config: what the class is about to run. */
import type { ExperimentConfig, ScenarioConfig } from '../../engine/config';
import type { LessonRun } from './types';

const DATASET_NAMES: Record<string, string> = {
  mnist: 'MNIST', 'fashion-mnist': 'Fashion-MNIST', blobs: 'Gaussian blobs', moons: 'two moons', circles: 'circles', spirals: 'spirals',
};

export function describeScenario(s: ScenarioConfig): string {
  switch (s.kind) {
    case 'class': return `forget every training sample of class ${s.class}`;
    case 'random': return `forget a random ${Math.round(s.fraction * 100)} % of the training set`;
    case 'subclass': return `forget fine class ${s.class} of the merged group [${s.group.join(', ')}]`;
    case 'indices': return `forget ${s.indices.length} hand-picked training samples`;
    case 'backdoor': return `${Math.round(s.fraction * 100)} % of the training images poisoned with a trigger and label ${s.target}; forget them`;
  }
}

function describeModel(c: ExperimentConfig): string {
  const m = c.model;
  if (m.kind === 'cnn') return `CNN (conv ${(m.channels ?? []).join('-')}, ${m.featureDim} features)`;
  const images = c.dataset.name === 'mnist' || c.dataset.name === 'fashion-mnist';
  const classes = c.dataset.options.classes;
  const output = images ? 10 : typeof classes === 'number' ? classes : 'K';
  return `MLP ${[images ? 784 : 2, ...m.hidden, m.featureDim, output].join('-')}`;
}

/** Short facts, one per item: data, model, training, forget set, what runs. */
export function describeExperiment(c: ExperimentConfig, runs: LessonRun[], skip: ReadonlySet<string> = new Set()): string[] {
  const o = c.dataset.options;
  const name = DATASET_NAMES[c.dataset.name] ?? c.dataset.name;
  const size = typeof o.trainSize === 'number' ? `${o.trainSize.toLocaleString('en')} training images` : typeof o.n === 'number' ? `${o.n} points${typeof o.classes === 'number' ? `, ${o.classes} classes` : ''}` : 'all samples';
  const ran = ['Original', ...runs.filter((r) => !(r.optional && skip.has(r.key))).map((r) => r.label)];
  return [
    `Data: ${name}, ${size}`,
    `Model: ${describeModel(c)}, ${c.train.epochs} epochs (${c.train.optimizer}, lr ${c.train.lr}, batch ${c.train.batchSize})`,
    `Forget set: ${describeScenario(c.scenario)}`,
    `Models: ${ran.join(', ')}`,
    `Seed ${c.seed}; DA with ${c.eval.daCentered ? 'centered' : 'uncentered'} features, τ = ${c.eval.daTau}`,
  ];
}
