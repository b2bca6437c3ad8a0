import { describe, expect, it } from 'vitest';
import { leadingColumns, symmetricEigen } from './symmetricEigen';

describe('symmetricEigen', () => {
  it('finds eigenvalues 3 and 1 with eigenvectors (1,1)/√2 and (1,−1)/√2 of [[2,1],[1,2]]', () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    const r = Math.SQRT1_2;
    // column 0 = (r, r); column 1 = ±(r, −r) with its largest-|·| entry positive (first on ties)
    expect(vectors.data[0]).toBeCloseTo(r, 12);
    expect(vectors.data[2]).toBeCloseTo(r, 12);
    expect(vectors.data[1]).toBeCloseTo(r, 12);
    expect(vectors.data[3]).toBeCloseTo(-r, 12);
  });

  it('sorts a diagonal matrix descending and returns matching unit axes', () => {
    const { values, vectors } = symmetricEigen([1, 0, 0, 0, 5, 0, 0, 0, 3], 3);
    expect(Array.from(values)).toEqual([5, 3, 1]);
    // column 0 = e2, column 1 = e3, column 2 = e1
    expect(vectors.data[1 * 3 + 0]).toBeCloseTo(1, 12);
    expect(vectors.data[2 * 3 + 1]).toBeCloseTo(1, 12);
    expect(vectors.data[0 * 3 + 2]).toBeCloseTo(1, 12);
  });

  it('reconstructs a known 4×4 symmetric matrix: A = V diag(λ) Vᵀ within 1e-10', () => {
    const A = [4, 1, 0.5, 0, 1, 3, 0.2, 0.1, 0.5, 0.2, 2, 0.3, 0, 0.1, 0.3, 1];
    const { values, vectors } = symmetricEigen(A, 4);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        let s = 0;
        for (let t = 0; t < 4; t++) s += vectors.data[i * 4 + t] * values[t] * vectors.data[j * 4 + t];
        expect(Math.abs(s - A[i * 4 + j])).toBeLessThan(1e-10);
      }
    }
    const trace = 4 + 3 + 2 + 1;
    expect(Math.abs(values.reduce((a, b) => a + b, 0) - trace)).toBeLessThan(1e-10);
  });

  it('clamps the round-off negative eigenvalue of a rank-1 Gram matrix to 0', () => {
    // vvᵀ with v = (1, 2, 3): eigenvalues 14, 0, 0
    const v = [1, 2, 3];
    const A = v.flatMap((a) => v.map((b) => a * b));
    const { values } = symmetricEigen(A, 3);
    expect(values[0]).toBeCloseTo(14, 10);
    expect(values[1]).toBeGreaterThanOrEqual(0);
    expect(values[2]).toBeGreaterThanOrEqual(0);
    expect(values[2]).toBeLessThan(1e-12);
  });

  it('keeps negative eigenvalues when psd is false', () => {
    const { values } = symmetricEigen([0, 1, 1, 0], 2, { psd: false });
    expect(values[0]).toBeCloseTo(1, 12);
    expect(values[1]).toBeCloseTo(-1, 12);
  });

  it('rejects a value count that is not n²', () => {
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(/2×2/);
  });
});

describe('leadingColumns', () => {
  it('takes the first k columns of a basis', () => {
    const m = { rows: 2, cols: 3, data: new Float64Array([1, 2, 3, 4, 5, 6]) };
    expect(Array.from(leadingColumns(m, 2).data)).toEqual([1, 2, 4, 5]);
  });
});
