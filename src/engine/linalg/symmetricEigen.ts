/**
 * Exact eigendecomposition of a symmetric matrix on the CPU (ml-matrix,
 * Householder tridiagonalisation + QL). The reference every GPU estimate is
 * held to; about 11 ms at C = 128 (docs/method.md), so per-step use only for small C.
 */
import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';

/** A dense row-major float64 matrix (eigenvectors, bases, components). */
export interface Matrix64 {
  rows: number;
  cols: number;
  /** Row-major, length rows × cols. */
  data: Float64Array;
}

export interface SymmetricEigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /**
   * C × C, row-major; **column j** is the unit eigenvector of `values[j]`
   * (element (i, j) at data[i * C + j]). Sign: each column's largest-|·|
   * entry is positive (first such entry on ties), so results are reproducible.
   */
  vectors: Matrix64;
}

export interface SymmetricEigenOptions {
  /**
   * The input is positive semidefinite (a Gram matrix — the default), so a
   * negative eigenvalue can only be round-off: clamp it to 0. Pass false for
   * a general symmetric matrix to keep negative eigenvalues.
   */
  psd?: boolean;
}

/**
 * a: n × n symmetric, row-major (e.g. from `gram`) → eigenvalues descending
 * and eigenvectors as columns. Only the upper triangle is trusted: the input
 * is symmetrised as (A + Aᵀ)/2 so round-off asymmetry cannot produce complex pairs.
 */
export function symmetricEigen(a: ArrayLike<number>, n: number, opts: SymmetricEigenOptions = {}): SymmetricEigen {
  if (a.length !== n * n) throw new RangeError(`symmetricEigen: need ${n}×${n} = ${n * n} values, got ${a.length}`);
  const psd = opts.psd ?? true;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const r = new Array<number>(n);
    for (let j = 0; j < n; j++) r[j] = 0.5 * (a[i * n + j] + a[j * n + i]);
    rows.push(r);
  }
  const evd = new EigenvalueDecomposition(new MlMatrix(rows), { assumeSymmetric: true });
  const raw = evd.realEigenvalues;
  const V = evd.eigenvectorMatrix;
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => raw[q] - raw[p] || p - q);

  const values = new Float64Array(n);
  const data = new Float64Array(n * n);
  order.forEach((src, dst) => {
    const v = raw[src];
    values[dst] = psd && v < 0 ? 0 : v;
    let big = 0;
    let sign = 1;
    for (let i = 0; i < n; i++) {
      const x = V.get(i, src);
      if (Math.abs(x) > big + 1e-12) { big = Math.abs(x); sign = x < 0 ? -1 : 1; }
    }
    for (let i = 0; i < n; i++) data[i * n + dst] = sign * V.get(i, src);
  });
  return { values, vectors: { rows: n, cols: n, data } };
}

/** The first k columns of an n × m column-basis (e.g. the top-k eigenvectors): n × k. */
export function leadingColumns(m: Matrix64, k: number): Matrix64 {
  if (k < 0 || k > m.cols) throw new RangeError(`leadingColumns: k = ${k} outside 0..${m.cols}`);
  const out = new Float64Array(m.rows * k);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < k; j++) out[i * k + j] = m.data[i * m.cols + j];
  }
  return { rows: m.rows, cols: k, data: out };
}
