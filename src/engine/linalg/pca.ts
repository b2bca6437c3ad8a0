/**
 * PCA of features for the 2-D / 3-D scatter views. Fit once (e.g. on
 * Original's retain reference) and project every model's features into that
 * shared basis, or fit per model — the caller chooses by what it fits on.
 */
import { columnMean, gram } from './gram';
import type { Matrix } from './matrix';
import { symmetricEigen } from './symmetricEigen';

export interface Pca {
  /** Number of components actually kept: min(requested d, C). */
  d: number;
  /** Feature mean subtracted before projecting, length C. */
  mean: Float64Array;
  /**
   * d × C, row-major: **row i** is principal axis i (unit length), ordered by
   * variance. Sign: each axis's largest-|·| entry is positive, so the same
   * data always gives the same picture (not a mirrored one).
   */
  components: Float64Array;
  /** Share of the total variance along each axis, length d (sums to ≤ 1). */
  explained: number[];
}

/**
 * Top-d principal axes of X (n × C) from the eigenvectors of the centered
 * Gram matrix. d is clamped to C (2-D features cannot give three axes).
 */
export function fitPca(X: Matrix, d: 2 | 3): Pca {
  const C = X.cols;
  const keep = Math.min(d, C);
  const mean = columnMean(X);
  const { values, vectors } = symmetricEigen(gram(X, { mean }), C);
  const total = values.reduce((a, b) => a + b, 0);
  const components = new Float64Array(keep * C);
  for (let i = 0; i < keep; i++) {
    for (let j = 0; j < C; j++) components[i * C + j] = vectors.data[j * C + i];
  }
  const explained = Array.from(values.slice(0, keep), (v) => (total > 0 ? v / total : 0));
  return { d: keep, mean, components, explained };
}

/** Coordinates of X (n × C) in a fitted basis: n rows of d numbers. */
export function projectPca(pca: Pca, X: Matrix): number[][] {
  const C = pca.mean.length;
  if (X.cols !== C) throw new RangeError(`projectPca: basis fitted on ${C} features, got ${X.cols}`);
  const coords: number[][] = [];
  const row = new Float64Array(C);
  for (let r = 0; r < X.rows; r++) {
    for (let j = 0; j < C; j++) row[j] = X.data[r * C + j] - pca.mean[j];
    const p = new Array<number>(pca.d);
    for (let i = 0; i < pca.d; i++) {
      let s = 0;
      for (let j = 0; j < C; j++) s += row[j] * pca.components[i * C + j];
      p[i] = s;
    }
    coords.push(p);
  }
  return coords;
}
