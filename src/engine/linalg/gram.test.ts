import { describe, expect, it } from 'vitest';
import { columnMean, gram } from './gram';
import { matrix } from './matrix';

// X = [[1, 2], [3, 4], [5, 6]]
const X = matrix(3, 2, new Float32Array([1, 2, 3, 4, 5, 6]));

describe('gram', () => {
  it('computes XᵀX of a 3×2 matrix by hand', () => {
    // XᵀX = [[1+9+25, 2+12+30], [.., 4+16+36]] = [[35, 44], [44, 56]]
    const G = gram(X);
    expect(Array.from(G)).toEqual([35, 44, 44, 56]);
  });

  it('centers with the own column mean when center is set', () => {
    // mean = [3, 4]; centered rows [-2,-2], [0,0], [2,2] → [[8, 8], [8, 8]]
    const G = gram(X, { center: true });
    G.forEach((v) => expect(v).toBeCloseTo(8, 12));
  });

  it('subtracts a given mean instead of the own one', () => {
    // mean [1, 0]: rows [0,2], [2,4], [4,6] → [[20, 32], [32, 56]]
    const G = gram(X, { mean: [1, 0], center: true });
    expect(Array.from(G)).toEqual([20, 32, 32, 56]);
  });

  it('rejects a mean of the wrong length', () => {
    expect(() => gram(X, { mean: [1, 2, 3] })).toThrow(/length 3/);
  });

  it('returns a zero C×C matrix for zero rows', () => {
    expect(Array.from(gram(matrix(0, 3)))).toEqual(new Array(9).fill(0));
  });
});

describe('columnMean', () => {
  it('averages each column', () => {
    expect(Array.from(columnMean(X))).toEqual([3, 4]);
  });
  it('is zero for an empty matrix', () => {
    expect(Array.from(columnMean(matrix(0, 2)))).toEqual([0, 0]);
  });
});
