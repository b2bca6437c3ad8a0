/**
 * Principal angles between two subspaces, each given by an orthonormal basis
 * (columns). Used to show how far the top-k forget eigenspace sits from the
 * top-k retain eigenspace, and to hold the GPU eigensolver to the exact one.
 */
import { Matrix as MlMatrix, SingularValueDecomposition } from 'ml-matrix';

/** A row-major C × k basis whose columns are orthonormal (float32 or float64). */
export interface Basis {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

function toMl(b: Basis): MlMatrix {
  const m = new MlMatrix(b.rows, b.cols);
  for (let i = 0; i < b.rows; i++) for (let j = 0; j < b.cols; j++) m.set(i, j, b.data[i * b.cols + j]);
  return m;
}

function singularValues(m: MlMatrix): number[] {
  if (m.rows === 0 || m.columns === 0) return [];
  const svd = new SingularValueDecomposition(m, {
    computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true,
  });
  return svd.diagonal;
}

/**
 * Angles θ₁ ≤ … ≤ θ_m in radians, m = min(k1, k2), between span(U1) and
 * span(U2); U1: C × k1, U2: C × k2, both with orthonormal columns.
 *
 * cos θ are the singular values of U1ᵀU2. acos loses half the digits near
 * cos θ = 1 (an error of 1e-8 in cos is 1e-4 rad), and those small angles
 * are exactly the ones a GPU-vs-CPU comparison looks at, so angles below
 * π/4 are taken from sin θ instead: the singular values of U2 − U1(U1ᵀU2)
 * (Björck & Golub 1973).
 */
export function principalAngles(U1: Basis, U2: Basis): number[] {
  if (U1.rows !== U2.rows) throw new RangeError(`principalAngles: bases live in ${U1.rows} and ${U2.rows} dimensions`);
  // Angles are symmetric; make U2 the narrower basis so sin θ pairs with cos θ.
  const [A, B] = U1.cols >= U2.cols ? [toMl(U1), toMl(U2)] : [toMl(U2), toMl(U1)];
  const m = B.columns;
  if (m === 0) return [];
  const M = A.transpose().mmul(B); // k1 × k2
  const cos = singularValues(M).slice(0, m).sort((p, q) => q - p);
  const R = B.clone().sub(A.mmul(M)); // component of span(B) outside span(A)
  const sin = singularValues(R).slice(0, m).sort((p, q) => p - q);
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  const angles: number[] = [];
  for (let i = 0; i < m; i++) {
    const c = clamp(cos[i] ?? 0);
    const s = clamp(sin[i] ?? 1);
    angles.push(c >= Math.SQRT1_2 ? Math.asin(s) : Math.acos(c));
  }
  return angles.sort((p, q) => p - q);
}
