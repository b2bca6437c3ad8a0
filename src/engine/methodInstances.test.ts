import { describe, expect, it } from 'vitest';
import { instanceLabel, modelIdsOf } from './methodInstances';

describe('model ids of method runs', () => {
  it('a method that runs once keeps its id, whatever its parameters', () => {
    expect(modelIdsOf([{ id: 'muda', params: { lambdaDA: 20 } }, { id: 'ga' }])).toEqual(['muda', 'ga']);
  });

  it('repeats are told apart by the parameters they set, in key order', () => {
    const ids = modelIdsOf([{ id: 'muda' }, { id: 'muda', params: { mode: 'joint', lambdaDA: 20 } }, { id: 'ga' }]);
    expect(ids).toEqual(['muda', 'muda#lambdaDA=20,mode=joint', 'ga']);
  });

  it('only the parameters that differ from the first run of the method name a repeat', () => {
    const form = { lambdaDA: 5, epochs: 15, mode: 'alternate' };
    const ids = modelIdsOf([{ id: 'muda', params: form }, { id: 'muda', params: { ...form, lambdaDA: 20 } }]);
    expect(ids).toEqual(['muda', 'muda#lambdaDA=20']);
  });

  it('identical repeats get a counter, so every id is unique', () => {
    const ids = modelIdsOf([{ id: 'ga' }, { id: 'ga' }, { id: 'ga', params: { lr: 0.01 } }, { id: 'ga', params: { lr: 0.01 } }]);
    expect(ids).toEqual(['ga', 'ga#2', 'ga#lr=0.01', 'ga#3']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('labels: the config\'s own first, else the method label with what sets the instance apart', () => {
    expect(instanceLabel('MUDA', { id: 'muda', label: 'MUDA strong' }, 'muda#lambdaDA=20')).toBe('MUDA strong');
    expect(instanceLabel('MUDA', { id: 'muda' }, 'muda')).toBeUndefined();
    expect(instanceLabel('MUDA', { id: 'muda', params: { lambdaDA: 20, mode: 'joint' } }, 'muda#lambdaDA=20,mode=joint')).toBe('MUDA (lambdaDA=20, mode=joint)');
    expect(instanceLabel('GA', { id: 'ga' }, 'ga#2')).toBe('GA (#2)');
  });
});
