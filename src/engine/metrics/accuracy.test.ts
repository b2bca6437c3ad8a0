import { describe, expect, it } from 'vitest';
import { accuracy, accuracyFromProbs, argmaxRows, crossEntropyFromProbs, truthProbabilities } from './accuracy';

// Three samples, three classes.
const probs = new Float32Array([
  0.7, 0.2, 0.1,
  0.1, 0.3, 0.6,
  0.4, 0.4, 0.2, // tie between 0 and 1
]);

describe('accuracy', () => {
  it('takes the argmax of each row, ties to the lowest index', () => {
    expect(Array.from(argmaxRows(probs, 3))).toEqual([0, 2, 0]);
  });

  it('counts 2 of 3 correct as 2/3', () => {
    expect(accuracy([0, 2, 0], [0, 2, 1])).toBeCloseTo(2 / 3, 12);
    expect(accuracyFromProbs(probs, 3, [0, 2, 1])).toBeCloseTo(2 / 3, 12);
  });

  it('is NaN on an empty set and rejects mismatched lengths', () => {
    expect(accuracy([], [])).toBeNaN();
    expect(() => accuracy([1], [1, 2])).toThrow(/1 predictions for 2 labels/);
  });

  it('extracts the probability of the true label', () => {
    const p = truthProbabilities(probs, 3, [0, 1, 2]);
    [0.7, 0.3, 0.2].forEach((v, i) => expect(Math.abs(p[i] - v)).toBeLessThan(1e-7));
    expect(() => truthProbabilities(probs, 3, [0, 1, 3])).toThrow(/label 3/);
  });

  it('computes per-sample cross-entropy −log p, floored at 1e-12 for p = 0', () => {
    const ce = crossEntropyFromProbs(new Float32Array([0.5, 0.5, 1, 0]), 2, [0, 1]);
    expect(Math.abs(ce[0] - Math.LN2)).toBeLessThan(1e-6);
    expect(Math.abs(ce[1] - -Math.log(1e-12))).toBeLessThan(1e-4);
  });

  it('rejects probabilities that are not whole rows', () => {
    expect(() => argmaxRows([0.1, 0.2, 0.3], 2)).toThrow(/rows of 2/);
  });
});
