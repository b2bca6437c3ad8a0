import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../random';
import { DataError } from '../errors';
import { standardization, stratifiedSplit } from './split';

describe('stratifiedSplit', () => {
  it('holds out round(fraction · n) overall, shared by class size, every class kept in training', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 200 }),
      fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      fc.nat(),
      (labels, fraction, seed) => {
        const y = Int32Array.from(labels);
        const counts = new Array(6).fill(0);
        for (const v of labels) counts[v]++;
        if (counts.every((c) => c < 2)) {
          expect(() => stratifiedSplit(y, 6, fraction, createRng(seed), 'src')).toThrow(DataError);
          return;
        }
        const { train, test } = stratifiedSplit(y, 6, fraction, createRng(seed), 'src');
        // A permutation of all indices.
        expect([...train, ...test].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
        const capacity = counts.reduce((s, c) => s + Math.max(0, c - 1), 0);
        expect(test.length).toBe(Math.min(capacity, Math.max(1, Math.round(fraction * labels.length))));
        const trainCounts = new Array(6).fill(0);
        for (const i of train) trainCounts[labels[i]]++;
        counts.forEach((c, k) => { if (c > 0) expect(trainCounts[k]).toBeGreaterThanOrEqual(1); });
      },
    ), { seed: 99, numRuns: 200 });
  });

  it('gives each class its share: 20% of 50/30/20 is 10/6/4', () => {
    const y = Int32Array.from([...new Array(50).fill(0), ...new Array(30).fill(1), ...new Array(20).fill(2)]);
    const { test } = stratifiedSplit(y, 3, 0.2, createRng(1), 'src');
    const c = [0, 0, 0];
    for (const i of test) c[y[i]]++;
    expect(c).toEqual([10, 6, 4]);
  });

  it('is deterministic for a seed', () => {
    const y = Int32Array.from({ length: 40 }, (_, i) => i % 3);
    expect([...stratifiedSplit(y, 3, 0.25, createRng(4), 's').test]).toEqual([...stratifiedSplit(y, 3, 0.25, createRng(4), 's').test]);
  });
});

describe('standardization', () => {
  it('per-feature mean and population std; constant features get std 1', () => {
    const { mean, std } = standardization(Float32Array.from([1, 5, 3, 5]), 2);
    expect([...mean]).toEqual([2, 5]);
    expect(std[0]).toBeCloseTo(1, 6);
    expect(std[1]).toBe(1);
  });
});
