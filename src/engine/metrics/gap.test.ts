import { describe, expect, it } from 'vitest';
import { avgGap, tugOfWar } from './gap';

const retrain = { UA: 0.05, RA: 0.99, TA: 0.95, MIA: 0.1 };

describe('avgGap', () => {
  it('is 0 for Retrain against itself', () => {
    expect(avgGap(retrain, retrain)).toBe(0);
  });

  it('averages the four gaps in percentage points: (2 + 1 + 3 + 4)/4 = 2.5', () => {
    const model = { UA: 0.07, RA: 0.98, TA: 0.92, MIA: 0.14 };
    expect(Math.abs(avgGap(model, retrain) - 2.5)).toBeLessThan(1e-9);
  });

  it('skips MIA when either side lacks it: (2 + 1 + 3)/3 = 2', () => {
    const model = { UA: 0.07, RA: 0.98, TA: 0.92 };
    expect(Math.abs(avgGap(model, retrain) - 2)).toBeLessThan(1e-9);
    expect(Math.abs(avgGap({ ...model, MIA: NaN }, retrain) - 2)).toBeLessThan(1e-9);
  });
});

describe('tugOfWar', () => {
  it('is 1 for Retrain against itself', () => {
    expect(tugOfWar(retrain, retrain)).toBe(1);
  });

  it('multiplies (1 − |ΔA|) over forget, retain and test accuracy: 0.9·0.99·0.97', () => {
    const model = { UA: 0.15, RA: 0.98, TA: 0.92 }; // forget acc 0.85 vs 0.95
    expect(Math.abs(tugOfWar(model, retrain) - 0.9 * 0.99 * 0.97)).toBeLessThan(1e-12);
  });
});
