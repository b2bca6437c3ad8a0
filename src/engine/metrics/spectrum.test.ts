import { describe, expect, it } from 'vitest';
import { matrix } from '../linalg/matrix';
import { eigenspectrum, spectra } from './spectrum';

describe('eigenspectrum', () => {
  it('is (0.8, 0.2, 0) for rows 2·e1 and e2 (energies 4 and 1), descending and summing to 1', () => {
    const s = eigenspectrum(matrix(2, 3, new Float32Array([2, 0, 0, 0, 1, 0])));
    expect(s).toHaveLength(3);
    [0.8, 0.2, 0].forEach((v, i) => expect(Math.abs(s[i] - v)).toBeLessThan(1e-12));
  });

  it('is all zeros for all-zero features', () => {
    expect(eigenspectrum(matrix(3, 2))).toEqual([0, 0]);
  });

  it('centers when asked: a constant offset then carries no energy', () => {
    const X = matrix(2, 2, new Float32Array([5, 1, 5, -1]));
    const s = eigenspectrum(X, { center: true });
    expect(Math.abs(s[0] - 1)).toBeLessThan(1e-12);
    expect(Math.abs(s[1])).toBeLessThan(1e-12);
  });
});

describe('spectra', () => {
  it('returns the retain and forget spectra side by side', () => {
    const r = spectra(matrix(1, 2, new Float32Array([1, 0])), matrix(1, 2, new Float32Array([0, 3])));
    expect(r.retain[0]).toBeCloseTo(1, 12);
    expect(r.forget[0]).toBeCloseTo(1, 12);
    expect(r.forget[1]).toBeCloseTo(0, 12);
  });
});
