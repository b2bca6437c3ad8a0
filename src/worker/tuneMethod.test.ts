import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LabEvent } from '../engine/events';
import { tinyExperiment } from '../engine/testing/tinyExperiment';
import { trialPlan } from '../engine/tuning/tune';
import { formParams, tuneMethod, tuningEvents } from './tuneMethod';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('formParams', () => {
  it('reads the first run of the method, primitives only; nothing when the config lists all methods', () => {
    const config = tinyExperiment({ methods: [{ id: 'ga', params: { lr: 0.001, optimizer: 'adam', bad: [1] } }, { id: 'ga', params: { lr: 0.5 } }] });
    expect(formParams(config, 'ga')).toEqual({ lr: 0.001, optimizer: 'adam' });
    expect(formParams(config, 'ft')).toEqual({});
    expect(formParams(tinyExperiment({ methods: 'all' }), 'ga')).toEqual({});
  });
});

describe('tuningEvents', () => {
  const collect = () => {
    const seen: LabEvent[] = [];
    let t = 1000;
    const clock = { now: () => t, advance: (ms: number) => { t += ms; } };
    return { seen, clock, events: tuningEvents((e) => seen.push(e), 'ga', 2, clock.now) };
  };

  it('passes logs and errors, drops the tuning session\'s models, phases and curves', () => {
    const { seen, events } = collect();
    events.sink({ type: 'log', level: 'info', message: 'hello' });
    events.sink({ type: 'phase', phase: 'train', modelId: 'original', label: 'Training Original' });
    events.sink({ type: 'train-step', modelId: 'original', epoch: 0, step: 1, loss: 1 });
    events.sink({ type: 'curve', modelId: 'ga#trial0', point: { step: 0, UA: 0, TA: 1, loss: 1 } as never });
    events.sink({ type: 'error', message: 'boom' });
    expect(seen.map((e) => e.type)).toEqual(['log', 'error']);
  });

  it('turns each model\'s progress into one fraction of the whole Tune (Original, Retrain, then each trial) with its ETA', () => {
    const { seen, clock, events } = collect();
    const progress = (modelId: string, fraction: number, message = 'step') => events.sink({ type: 'progress', modelId, fraction, etaMs: 0, message });
    clock.advance(1000);
    progress('original', 0.5);
    // 4 units (Original, Retrain, 2 trials): half the Original is 1/8 of the whole; 1 s for 1/8 leaves 7 s.
    expect(seen.at(-1)).toMatchObject({ type: 'progress', modelId: 'tune/ga', fraction: 0.125, etaMs: 7000 });
    expect((seen.at(-1) as { message: string }).message).toBe('tuning Gradient ascent: step');
    progress('retrain', 1);
    expect(seen.at(-1)).toMatchObject({ fraction: 0.5 });
    progress('ga#trial1', 0.5);
    expect(seen.at(-1)).toMatchObject({ fraction: 0.875 });
    // The engine's own count after a finished trial counts that trial whole, whatever its fraction says.
    events.trialDone(1);
    progress('ga#trial1', 0.5, 'tuning: 2 of 2 trials');
    expect(seen.at(-1)).toMatchObject({ fraction: 1, etaMs: 0, message: 'tuning: 2 of 2 trials' });
    progress('someone-else', 0.5);
    expect(seen).toHaveLength(4);
  });
});

describe('tuneMethod', () => {
  it('runs the planned trials on top of the form, streams each, and returns only the tuned parameters', async () => {
    const config = tinyExperiment({ methods: [{ id: 'ft', params: { epochs: 1, batchSize: 16 } }] });
    const seen: LabEvent[] = [];
    const trials = await tuneMethod(config, 'ft', 3, 'avgGap', (e) => seen.push(e), new AbortController().signal);
    const plan = trialPlan(['ft'], 3, config.seed).ft;
    expect(trials.map((t) => t.index)).toEqual([0, 1, 2]);
    expect(trials.map((t) => t.params)).toEqual(plan);
    trials.forEach((t) => expect(t.gaps && Number.isFinite(t.gaps.forget + t.gaps.utility)).toBe(true));
    const streamed = seen.filter((e) => e.type === 'tune-trial');
    expect(streamed.map((e) => e.type === 'tune-trial' && e.trial)).toEqual(trials);
    expect(seen.some((e) => e.type === 'model-done' || e.type === 'phase' || e.type === 'curve')).toBe(false);
    const fractions = seen.flatMap((e) => (e.type === 'progress' ? [e.fraction] : []));
    expect(fractions.at(-1)).toBeCloseTo(1, 9);
    fractions.forEach((f, i) => expect(f).toBeGreaterThanOrEqual(i ? fractions[i - 1] - 1e-9 : 0));
  });

  it('trial 0 runs the form as is (other form values, another result) and lists no tuned parameters', async () => {
    const config = tinyExperiment({ methods: [{ id: 'ft', params: { epochs: 1 } }] });
    const [a] = await tuneMethod(config, 'ft', 1, 'avgGap', () => {}, new AbortController().signal);
    const [b] = await tuneMethod(tinyExperiment({ methods: [{ id: 'ft', params: { epochs: 2 } }] }), 'ft', 1, 'avgGap', () => {}, new AbortController().signal);
    expect(a.params).toEqual({});
    // One epoch of fine-tuning and two land at different distances from Retrain.
    expect(a.objective).not.toBeCloseTo(b.objective!, 6);
  });

  it('cancelled after the first trial: that trial is returned, no more run', async () => {
    const ac = new AbortController();
    const trials = await tuneMethod(tinyExperiment(), 'ft', 3, 'avgGap', (e) => {
      if (e.type === 'tune-trial') ac.abort();
    }, ac.signal);
    expect(trials.map((t) => t.index)).toEqual([0]);
  });
});
