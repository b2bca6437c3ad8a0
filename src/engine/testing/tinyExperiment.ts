/**
 * A whole experiment small enough for a unit test (a few seconds on the cpu
 * backend): 3-class blobs, a 16-8 MLP trained 3 epochs, one class forgotten,
 * small evaluation subsets and no relearn time. Tests override what they test.
 */
import { parseConfig, type ExperimentConfig } from '../config';

export function tinyExperiment(over: Record<string, unknown> = {}): ExperimentConfig {
  return parseConfig({
    schemaVersion: 1, seed: 2,
    dataset: { name: 'blobs', options: { n: 240, classes: 3 } },
    model: { kind: 'mlp', hidden: [16], featureDim: 8 },
    train: { epochs: 3, batchSize: 32, lr: 0.01 },
    scenario: { kind: 'class', class: 0 },
    eval: { retainReferenceSize: 60, curveSubsetSize: 30, everySteps: 5, relearn: false },
    ...over,
  });
}
