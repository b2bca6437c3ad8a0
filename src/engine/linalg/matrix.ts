/**
 * A dense row-major matrix of float32 values: the plain-data form in which
 * features leave the GPU and enter every CPU-side metric. Rows are samples.
 */
export interface Matrix {
  rows: number;
  cols: number;
  /** Row-major, length rows × cols. */
  data: Float32Array;
}

export function matrix(rows: number, cols: number, data?: Float32Array): Matrix {
  const d = data ?? new Float32Array(rows * cols);
  if (d.length !== rows * cols) {
    throw new RangeError(`matrix ${rows}×${cols} needs ${rows * cols} values, got ${d.length}`);
  }
  return { rows, cols, data: d };
}

/** The rows of `m` at `indices`, in that order. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float32Array(indices.length * m.cols);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i];
    out.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols);
  }
  return matrix(indices.length, m.cols, out);
}

/** Evenly spaced picks (deterministic) of at most `k` row positions out of n. */
export function spreadPicks(n: number, k: number): Int32Array {
  if (n <= k) return Int32Array.from({ length: n }, (_, i) => i);
  return Int32Array.from({ length: k }, (_, i) => Math.floor((i * n) / k));
}
