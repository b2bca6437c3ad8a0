import { describe, expect, it } from 'vitest';
import { describeTrainPath } from './events';

describe('describeTrainPath', () => {
  it('names the fused WebGPU path with its dispatches per step', () => {
    expect(describeTrainPath({ kind: 'fused', dispatchesPerStep: 11 })).toBe('the fused WebGPU path (11 dispatches/step)');
  });

  it('names tfjs ops with the reason the fused path declined', () => {
    expect(describeTrainPath({ kind: 'tfjs', reason: 'no fused kernels for resnet models' })).toBe('tfjs ops: no fused kernels for resnet models');
  });
});
