/**
 * A small trained Original on tiny clustered data plus a class-wise forget
 * scenario: the shared starting point of method and session tests.
 */
import { range, type Dataset } from '../data/dataset';
import { buildScenario } from '../data/scenarios';
import type { UnlearningData } from '../data/unlearningData';
import type { ScenarioConfig } from '../config';
import { createModel, type Model } from '../models/model';
import { createRng } from '../random';
import { train } from '../train';
import { tinyClusters } from './tinyData';

export interface TrainedFixture {
  ds: Dataset;
  data: UnlearningData;
  original: Model;
  trainOpts: { epochs: number; batchSize: number; optimizer: 'adam'; lr: number };
}

export async function trainedFixture(scenario: ScenarioConfig = { kind: 'class', class: 2 }, seed = 1): Promise<TrainedFixture> {
  const ds = tinyClusters({ n: 300, classes: 3, dim: 6, seed: 11 });
  const trainOpts = { epochs: 6, batchSize: 32, optimizer: 'adam' as const, lr: 0.01 };
  const original = createModel({ kind: 'mlp', hidden: [16], featureDim: 8 }, ds.inputShape, ds.numClasses, createRng(seed).fork('init'));
  for await (const _ of train(original, ds, ds.train, range(ds.train.n), { ...trainOpts, label: 'Original' }, createRng(seed).fork('train'))) { /* run to the end */ }
  const data = buildScenario(ds, scenario, createRng(seed).fork('scenario'), { retainReferenceSize: 120, curveSubsetSize: 60 });
  return { ds, data, original, trainOpts };
}
