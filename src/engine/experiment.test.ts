import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from './config';
import { plannedRuns, runExperiment } from './experiment';
import { methodIds } from './methods';
import { tinyExperiment } from './testing/tinyExperiment';

const configWith = (methods: unknown) => parseConfig({ ...DEFAULT_CONFIG, methods });

describe('plannedRuns', () => {
  it('runs Retrain last, after every method, so that none can have seen it', () => {
    const ids = plannedRuns(configWith('all')).map((r) => r.id);
    expect(ids[ids.length - 1]).toBe('retrain');
    expect(new Set(ids)).toEqual(new Set(methodIds()));
    expect(plannedRuns(configWith([{ id: 'retrain' }, { id: 'ga' }, { id: 'muda' }])).map((r) => r.id)).toEqual(['ga', 'muda', 'retrain']);
  });

  it('adds Retrain when the config leaves it out', () => {
    expect(plannedRuns(configWith([{ id: 'ga' }])).map((r) => r.id)).toEqual(['ga', 'retrain']);
  });

  it('runs Retrain first only when a run asked for the oracle stop (it needs Retrain\'s forget accuracy)', () => {
    const runs = plannedRuns(configWith([{ id: 'ga', params: { earlyStop: 'oracle' } }, { id: 'muda' }]));
    expect(runs.map((r) => r.id)).toEqual(['retrain', 'ga', 'muda']);
  });
});

describe('runExperiment with one method twice', () => {
  it('runs both under their own ids and labels, Retrain last, and reads the same Original', async () => {
    await tf.setBackend('cpu');
    const config = tinyExperiment({
      seed: 3, scenario: { kind: 'class', class: 1 },
      methods: [{ id: 'ga', params: { epochs: 1 } }, { id: 'ga', params: { epochs: 1, lr: 0.01 }, label: 'GA, lr 0.01' }],
    });
    const phases: string[] = [];
    const r = await runExperiment(config, (e) => { if (e.type === 'model-done') phases.push(e.modelId); }, new AbortController().signal);
    expect(phases).toEqual(['original', 'ga', 'ga#lr=0.01', 'retrain']);
    expect(r.models.ga.label).toBeUndefined();
    expect(r.models['ga#lr=0.01'].label).toBe('GA, lr 0.01');
    expect(r.models['ga#lr=0.01'].params?.lr).toBe(0.01);
    expect(r.models.ga.params?.lr).toBe(1e-4);
    // The comparison still measures both against Retrain, though Retrain ran last.
    for (const id of ['ga', 'ga#lr=0.01']) expect(Number.isFinite(r.models[id].metrics.avgGap)).toBe(true);
  });
});
