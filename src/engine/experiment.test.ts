import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from './config';
import { plannedRuns } from './experiment';
import { methodIds } from './methods';

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
