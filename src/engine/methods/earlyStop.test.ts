import { describe, expect, it } from 'vitest';
import type { CurvePoint } from '../results';
import { forgetSetStopReason, oracleStopReason, usesOracle } from './earlyStop';

const start: CurvePoint = { step: 0, loss: 1, UA: 0.02, RA: 0.99, TA: 0.95 };

describe('early-stop rules', () => {
  it('forget-set rule: forget accuracy at or below the target stops; the test set is never read', () => {
    const point = { step: 4, loss: 2, UA: 0.9, RA: 0.97 } as CurvePoint;
    Object.defineProperty(point, 'TA', { get: () => { throw new Error('read the test set'); } });
    expect(forgetSetStopReason(point, start, 0.1, 0.05)).toBe('forget accuracy 0.100 reached the target 0.100 at step 4');
    expect(forgetSetStopReason({ ...start, step: 2, UA: 0.5, TA: undefined }, start, 0.1, 0.05)).toBeNull();
  });

  it('forget-set rule: retain accuracy falling by more than the margin stops', () => {
    expect(forgetSetStopReason({ step: 6, loss: 2, UA: 0.3, RA: 0.9 }, start, 0, 0.05)).toMatch(/^retain accuracy fell from 0\.990 to 0\.900/);
    expect(forgetSetStopReason({ step: 6, loss: 2, UA: 0.3, RA: 0.95 }, start, 0, 0.05)).toBeNull();
  });

  it('oracle rule: Retrain\'s forget accuracy or a test-accuracy drop, and it says it is the oracle', () => {
    expect(oracleStopReason({ step: 8, loss: 2, UA: 0.75, TA: 0.95 }, start, 0.25, 0.1)).toMatch(/^oracle: forget accuracy 0\.250 reached Retrain's 0\.250/);
    expect(oracleStopReason({ step: 8, loss: 2, UA: 0.5, TA: 0.8 }, start, 0.25, 0.1)).toMatch(/^oracle: test accuracy fell/);
    expect(oracleStopReason({ step: 8, loss: 2, UA: 0.5, TA: 0.9 }, start, 0.25, 0.1)).toBeNull();
  });

  it('usesOracle marks only runs whose rule is the oracle', () => {
    expect(usesOracle({ earlyStop: 'oracle' })).toBe(true);
    expect(usesOracle({ earlyStop: 'forget-set' })).toBe(false);
    expect(usesOracle({ earlyStop: 'off' })).toBe(false);
    expect(usesOracle(undefined)).toBe(false);
  });
});
