/**
 * The whole experiment — Original, Retrain, every unlearning method and every
 * metric — on the webgpu backend in Node (Dawn + SwiftShader, as in CI).
 * tfjs-webgpu cannot read synchronously in Node (dataSync needs
 * OffscreenCanvas), so one stray sync read anywhere in the engine fails a
 * method here, while the wasm/cpu tests would never notice. Without a Vulkan
 * driver the test is skipped and says why (under REQUIRE_WEBGPU=1, as in CI,
 * it fails instead).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from './config';
import type { LabEvent } from './events';
import { runExperiment } from './experiment';
import { methodIds } from './methods';
import { startWebGpuForTests } from './testing/webgpu';

const unavailable = await startWebGpuForTests('webgpu experiment test');

afterAll(() => {
  tf.disposeVariables();
});

describe.skipIf(unavailable !== null)('experiment on webgpu (Node)', () => {
  it('every method finishes with every metric, and no tensor is left behind', async () => {
    const ids = methodIds().filter((id) => id !== 'retrain');
    const config = parseConfig({
      schemaVersion: 1,
      seed: 1,
      dataset: { name: 'moons', options: { n: 120, noise: 0.1 } },
      model: { kind: 'mlp', hidden: [16], featureDim: 8 },
      train: { epochs: 2, batchSize: 32, optimizer: 'adam', lr: 0.01 },
      scenario: { kind: 'random', fraction: 0.1 },
      methods: ids.map((id) => ({ id })),
    });
    const tensorsBefore = tf.memory().numTensors;
    const errors: string[] = [];
    const paths: LabEvent[] = [];
    const results = await runExperiment(config, (e) => {
      if (e.type === 'error' || (e.type === 'log' && e.level === 'error')) errors.push(e.message);
      if (e.type === 'train-path') paths.push(e);
    }, new AbortController().signal);
    expect(errors).toEqual([]);
    // The MLP [16] has 3 dense layers: 3·3 + 2 dispatches per fused step.
    expect(paths).toEqual(['original', 'retrain'].map((modelId) => ({ type: 'train-path', modelId, path: { kind: 'fused', dispatchesPerStep: 11 } })));
    expect(results.environment.backend).toBe('webgpu');
    for (const id of ['original', 'retrain', ...ids]) {
      const m = results.models[id];
      expect(m, id).toBeDefined();
      expect(['ok', 'stopped-early'], `${id}: ${m.status} ${m.message ?? ''}`).toContain(m.status);
      for (const metric of ['UA', 'RA', 'TA', 'MIA', 'DA'] as const) expect(Number.isFinite(m.metrics[metric]), `${id} ${metric}`).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  }, 240_000);
});
