/**
 * Eigenspectra of retain and forget features, for plotting beside DA
 * (docs/method.md: "plot the spectrum beside DA so users see when alignment is
 * bought by collapse").
 */
import { gram, type GramOptions } from '../linalg/gram';
import type { Matrix } from '../linalg/matrix';
import { symmetricEigen } from '../linalg/symmetricEigen';
import type { Spectrum } from '../results';

/**
 * Eigenvalues of XᵀX (X: n × C), descending, normalised to sum 1: C numbers.
 * Uncentered by default, like DA; all zeros when X carries no energy (there
 * is nothing to normalise by, and zeros plot as "no spectrum").
 */
export function eigenspectrum(X: Matrix, opts: GramOptions = {}): number[] {
  const { values } = symmetricEigen(gram(X, opts), X.cols);
  const total = values.reduce((a, b) => a + b, 0);
  return Array.from(values, (v) => (total > 0 ? v / total : 0));
}

/** The `spectrum` field of a model's results: retain (X_r: n_r × C) and forget (X_f: n_f × C). */
export function spectra(Xr: Matrix, Xf: Matrix, opts: GramOptions = {}): Spectrum {
  return { retain: eigenspectrum(Xr, opts), forget: eigenspectrum(Xf, opts) };
}
