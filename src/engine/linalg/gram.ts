/**
 * Gram matrices XᵀX of feature matrices: the object every spectral metric
 * (DA, eigenspectrum, PCA, principal angles) starts from.
 *
 * Accumulated in float64 although features are float32: a sum over thousands
 * of samples loses several digits in float32, and the small eigenvalues that
 * decide the rank and the energy share τ live in those digits.
 */
import type { Matrix } from './matrix';

/** Column means of X (rows = samples): length X.cols. Zeros for an empty X. */
export function columnMean(X: Matrix): Float64Array {
  const { rows, cols, data } = X;
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let j = 0; j < cols; j++) mean[j] += data[o + j];
  }
  if (rows > 0) for (let j = 0; j < cols; j++) mean[j] /= rows;
  return mean;
}

export interface GramOptions {
  /** Subtract X's own column mean first (ignored when `mean` is given). */
  center?: boolean;
  /** Subtract this mean (length X.cols) first, e.g. the *retain* mean for forget features. */
  mean?: ArrayLike<number>;
}

/**
 * XᵀX (optionally of X minus a mean), X: rows × C  →  C × C, row-major,
 * symmetric. Not divided by the number of rows: DA and the normalised
 * spectra are scale-free, and callers that want a covariance divide.
 */
export function gram(X: Matrix, opts: GramOptions = {}): Float64Array {
  const { rows, cols: C, data } = X;
  let mean: ArrayLike<number> | undefined = opts.mean;
  if (mean === undefined && opts.center) mean = columnMean(X);
  if (mean !== undefined && mean.length !== C) {
    throw new RangeError(`gram: mean has length ${mean.length}, features have ${C} columns`);
  }
  const G = new Float64Array(C * C);
  const row = new Float64Array(C);
  for (let r = 0; r < rows; r++) {
    const o = r * C;
    if (mean) for (let j = 0; j < C; j++) row[j] = data[o + j] - mean[j];
    else for (let j = 0; j < C; j++) row[j] = data[o + j];
    // Upper triangle only; mirrored below.
    for (let i = 0; i < C; i++) {
      const xi = row[i];
      if (xi === 0) continue; // ReLU features are sparse.
      const gi = i * C;
      for (let j = i; j < C; j++) G[gi + j] += xi * row[j];
    }
  }
  for (let i = 0; i < C; i++) for (let j = 0; j < i; j++) G[i * C + j] = G[j * C + i];
  return G;
}
