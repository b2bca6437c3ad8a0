/**
 * Linear CKA (docs/metrics.md): similarity of two models' representations of the
 * same samples, invariant to rotations and isotropic scaling of either.
 *
 *   CKA(X, Y) = ‖YᵀX‖²_F / (‖XᵀX‖_F · ‖YᵀY‖_F),  X, Y centered per column.
 *
 * Computed in feature space (C×C Gram matrices, float64), so the cost is
 * n·C² rather than the n² of the kernel form.
 */
import { columnMean } from '../linalg/gram';
import type { Matrix } from '../linalg/matrix';

function centered(X: Matrix): Float64Array {
  const { rows: n, cols: C, data } = X;
  const mean = columnMean(X);
  const out = new Float64Array(n * C);
  for (let i = 0; i < n; i++) for (let j = 0; j < C; j++) out[i * C + j] = data[i * C + j] - mean[j];
  return out;
}

/** ‖AᵀB‖²_F for row-major A (n × p) and B (n × q). */
function crossNormSquared(A: Float64Array, p: number, B: Float64Array, q: number, n: number): number {
  const M = new Float64Array(p * q);
  for (let i = 0; i < n; i++) {
    const a = i * p;
    const b = i * q;
    for (let r = 0; r < p; r++) {
      const v = A[a + r];
      if (v === 0) continue;
      const m = r * q;
      for (let c = 0; c < q; c++) M[m + c] += v * B[b + c];
    }
  }
  let s = 0;
  for (let i = 0; i < M.length; i++) s += M[i] * M[i];
  return s;
}

/**
 * Linear CKA of X (n × C1) and Y (n × C2), rows = the same samples under two
 * models (widths may differ). In [0, 1]; 0 when either side is constant
 * (no variance to compare — defined rather than 0/0).
 */
export function linearCKA(X: Matrix, Y: Matrix): number {
  if (X.rows !== Y.rows) throw new RangeError(`CKA needs the same samples: ${X.rows} vs ${Y.rows} rows`);
  const n = X.rows;
  const x = centered(X);
  const y = centered(Y);
  const xy = crossNormSquared(y, Y.cols, x, X.cols, n);
  const xx = crossNormSquared(x, X.cols, x, X.cols, n);
  const yy = crossNormSquared(y, Y.cols, y, Y.cols, n);
  const den = Math.sqrt(xx) * Math.sqrt(yy);
  if (!(den > 0)) return 0;
  return Math.min(1, Math.max(0, xy / den));
}
