import { describe, expect, it } from 'vitest';
import { cannotSeparate, SPREAD_TOLERANCE, spreadOf } from './metricSpread';

describe('spreadOf', () => {
  it('is max − min of the finite values, NaN when there are none', () => {
    expect(spreadOf([0.2, 0.9, 0.5])).toBeCloseTo(0.7, 12);
    expect(spreadOf([3, undefined, NaN, 1])).toBe(2);
    expect(spreadOf([undefined])).toBeNaN();
  });
});

describe('cannotSeparate', () => {
  it('greys DA on random forgetting: every model 1.000 (measured spread 1e-4)', () => {
    expect(cannotSeparate('DA', { original: 0.9998, retrain: 0.9997, muda: 0.9998, ga: 0.9997 })).toBe(true);
  });

  it('keeps DA on class-wise forgetting: Original 0.966 vs Retrain 0.993', () => {
    expect(cannotSeparate('DA', { original: 0.966, retrain: 0.993, muda: 1.0 })).toBe(false);
  });

  it('greys relearn steps when every model reads the same count, not when one differs by a step', () => {
    expect(cannotSeparate('relearnSteps', { original: 0, retrain: 0, rl: 0 })).toBe(true);
    expect(cannotSeparate('relearnSteps', { original: 0, retrain: 0, rl: 1 })).toBe(false);
  });

  it('uses the tolerance as a strict bound: a spread just under it greys, one at it does not', () => {
    const t = SPREAD_TOLERANCE.UA!;
    expect(cannotSeparate('UA', { original: 0.5, retrain: 0.5 + 0.99 * t })).toBe(true);
    expect(cannotSeparate('UA', { original: 0.5, retrain: 0.5 + 1.01 * t })).toBe(false);
  });

  it('needs both Original and Retrain: agreeing methods alone are not evidence', () => {
    expect(cannotSeparate('DA', { muda: 1, ga: 1, rl: 1 })).toBe(false);
    expect(cannotSeparate('DA', { original: 1, muda: 1, ga: 1 })).toBe(false);
    expect(cannotSeparate('DA', { original: 1, retrain: undefined, ga: 1 })).toBe(false);
  });

  it('never greys time', () => {
    expect(cannotSeparate('timeMs', { original: 1000, retrain: 1000, ga: 1000 })).toBe(false);
  });
});
