import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../linalg/symmetricEigen';
import { matrix, type Matrix } from '../linalg/matrix';
import { createRng } from '../random';
import { linearCKA } from './cka';

const rng = createRng(1);
const n = 200;
const C = 6;
const X = matrix(n, C, Float32Array.from({ length: n * C }, () => rng.normal()));

/** Y = X·Q (n × C times C × C). */
function times(A: Matrix, Q: Float64Array, q: number): Matrix {
  const out = new Float32Array(A.rows * q);
  for (let i = 0; i < A.rows; i++) {
    for (let c = 0; c < q; c++) {
      let s = 0;
      for (let j = 0; j < A.cols; j++) s += A.data[i * A.cols + j] * Q[j * q + c];
      out[i * q + c] = s;
    }
  }
  return matrix(A.rows, q, out);
}

describe('linearCKA', () => {
  it('is 1 for X and XQ with Q orthogonal', () => {
    // An orthogonal Q: eigenvectors of a random symmetric matrix.
    const S = new Float64Array(C * C);
    for (let i = 0; i < C; i++) for (let j = 0; j <= i; j++) S[i * C + j] = S[j * C + i] = rng.normal();
    const Q = symmetricEigen(S, C, { psd: false }).vectors.data;
    expect(Math.abs(linearCKA(X, times(X, Q, C)) - 1)).toBeLessThan(1e-6);
  });

  it('is 1 for X and cX, and for X plus a constant offset (centering)', () => {
    const cX = matrix(n, C, X.data.map((v) => -3.5 * v));
    expect(Math.abs(linearCKA(X, cX) - 1)).toBeLessThan(1e-9);
    const shifted = matrix(n, C, X.data.map((v, i) => v + (i % C)));
    expect(Math.abs(linearCKA(X, shifted) - 1)).toBeLessThan(1e-6);
  });

  it('is small (< 0.1) for independent random features, n = 200', () => {
    const g = createRng(2);
    const Y = matrix(n, 4, Float32Array.from({ length: n * 4 }, () => g.normal()));
    expect(linearCKA(X, Y)).toBeLessThan(0.1);
  });

  it('matches the hand value for 1-D features: CKA = corr²', () => {
    // x = (1, 2, 3), y = (1, 3, 2): centered x = (−1, 0, 1), y = (−1, 1, 0); corr = 1/2 → CKA = 1/4
    const x = matrix(3, 1, new Float32Array([1, 2, 3]));
    const y = matrix(3, 1, new Float32Array([1, 3, 2]));
    expect(Math.abs(linearCKA(x, y) - 0.25)).toBeLessThan(1e-12);
  });

  it('is 0 for constant features and rejects different sample counts', () => {
    expect(linearCKA(X, matrix(n, 2, new Float32Array(n * 2).fill(1)))).toBe(0);
    expect(() => linearCKA(X, matrix(3, C))).toThrow(/same samples/);
  });
});
