/**
 * Dimensional alignment (DA), exactly as docs/method.md defines it:
 *
 *   U_r (C × k) = top-k eigenvectors of X_rᵀX_r          (retain eigenspace)
 *   DA(D_f | D_r) = ‖Σ_f U_r‖_F / ‖Σ_f‖_F,  Σ_f = X_fᵀX_f
 *
 * — in [0, 1]. With Σ_f's eigenpairs (μ_j, w_j), DA² = Σ μ_j² ‖U_rᵀw_j‖² / Σ μ_j²:
 * directions weigh by their *squared* eigenvalues, so DA is not the share of
 * the forget energy inside U_r (diag(0.9, 0.1) with U_r = e₁: 90 % inside,
 * DA 0.994). Uncentered by default; `centered`
 * subtracts the *retain* mean from both sets. k is the smallest k whose
 * eigenvalues hold a share τ of the retain energy (default τ = 0.95), or fixed.
 *
 * Two implementations: an exact CPU one (float64, ml-matrix) for reporting,
 * and a differentiable tfjs one for the MUDA loss L_DA = −DA².
 */
import * as tf from '@tensorflow/tfjs';
import { columnMean, gram } from '../linalg/gram';
import type { Matrix } from '../linalg/matrix';
import { stopGradient, withoutGradient } from '../linalg/subspaceIteration';
import { leadingColumns, symmetricEigen, type Matrix64 } from '../linalg/symmetricEigen';
import type { DAInfo } from '../results';
import { kForEnergyShare } from './energyShare';

export const DEFAULT_TAU = 0.95;
/**
 * Eigenvalues below this share of the largest count as zero for the rank.
 * Float32 features carry ~1e-7 relative noise in amplitude, i.e. ~1e-14 in
 * eigenvalue, so 1e-10 separates round-off from real (if small) directions.
 */
export const RANK_TOLERANCE = 1e-10;

export interface EigenspaceOptions {
  /** Energy share that picks k (default 0.95); ignored when `k` is set. */
  tau?: number;
  /** Fixed k instead of τ. */
  k?: number;
  /** Subtract the retain mean from retain (and, in DA, forget) features. */
  centered: boolean;
}

export interface RetainEigenspace {
  /** C × k, orthonormal columns: the top-k eigenvectors of X_rᵀX_r. */
  U: Matrix64;
  k: number;
  /** The whole retain spectrum, descending, normalised to sum 1 (all zeros if X_r is zero). */
  values: number[];
  /** Retain mean (length C) when centered; subtract it from forget features too. */
  mean?: Float64Array;
  /** Numerical rank of the (centered) retain features. */
  rank: number;
  /** τ used, or null for a fixed k. */
  tau: number | null;
  /** Set when k was clamped below the rank or the retain features carry no energy. */
  note?: string;
}


/** Retain eigenspace U_r and the k that defines it. Xr: n_r × C. */
export function retainEigenspace(Xr: Matrix, opts: EigenspaceOptions): RetainEigenspace {
  const C = Xr.cols;
  const mean = opts.centered ? columnMean(Xr) : undefined;
  const eig = symmetricEigen(gram(Xr, { mean }), C);
  const total = eig.values.reduce((a, b) => a + b, 0);
  const values = Array.from(eig.values, (v) => (total > 0 ? v / total : 0));
  const top = eig.values[0] ?? 0;
  const rank = top > 0 ? eig.values.filter((v) => v > RANK_TOLERANCE * top).length : 0;

  let requested: number;
  let tau: number | null = null;
  if (opts.k !== undefined) {
    if (!Number.isInteger(opts.k) || opts.k < 1) throw new RangeError(`DA: k must be an integer ≥ 1, got ${opts.k}`);
    requested = opts.k;
  } else {
    tau = opts.tau ?? DEFAULT_TAU;
    if (!(tau > 0 && tau <= 1)) throw new RangeError(`DA: τ must be in (0, 1], got ${tau}`);
    requested = kForEnergyShare(values, tau);
  }

  if (rank === 0) {
    return {
      U: { rows: C, cols: 0, data: new Float64Array(0) }, k: 0, values, mean, rank, tau,
      note: 'retain features carry no energy (all zero): no eigenspace, DA = 0',
    };
  }
  // k = C (more generally, k ≥ rank) makes the eigenspace contain every retain
  // direction and, at k = C, every direction at all: DA ≡ 1 says nothing.
  const maxK = Math.max(1, rank - 1);
  let k = requested;
  let note: string | undefined;
  if (k > maxK) {
    k = maxK;
    note = rank > 1
      ? `k = ${requested} is not below the rank ${rank} of the retain features (k = C gives DA ≡ 1); clamped to ${k}`
      : `retain features have rank 1; k = 1 equals the rank, so DA only tells whether forget features share that one direction`;
  }
  return { U: leadingColumns(eig.vectors, k), k, values, mean, rank, tau, ...(note ? { note } : {}) };
}

function frobenius(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/**
 * DA = ‖Σ_f U‖_F / ‖Σ_f‖_F for forget features Xf (n_f × C) and a retain
 * eigenspace (U: C × k, mean when centered). In [0, 1]. Defined as 0 when
 * the forget features carry no energy (Σ_f = 0): nothing of them is aligned,
 * and the differentiable version agrees, so MUDA gains nothing by collapsing them.
 */
export function dimensionalAlignment(Xf: Matrix, basis: Pick<RetainEigenspace, 'U' | 'mean'>): number {
  const C = Xf.cols;
  const { U } = basis;
  if (U.rows !== C) throw new RangeError(`DA: eigenspace has ${U.rows} rows, forget features have ${C} columns`);
  const S = gram(Xf, { mean: basis.mean });
  const den = frobenius(S);
  if (!(den > 0)) return 0;
  const k = U.cols;
  let num = 0;
  for (let i = 0; i < C; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = 0; t < C; t++) s += S[i * C + t] * U.data[t * k + j];
      num += s * s;
    }
  }
  return Math.min(1, Math.sqrt(num) / den);
}

export interface DAResult {
  DA: number;
  info: DAInfo;
  eigenspace: RetainEigenspace;
}

/** DA(D_f | D_r) with the k (or τ) used and whether centered, as results report it. */
export function daMetric(Xr: Matrix, Xf: Matrix, opts: EigenspaceOptions): DAResult {
  if (Xr.cols !== Xf.cols) throw new RangeError(`DA: retain features have ${Xr.cols} columns, forget ${Xf.cols}`);
  const eigenspace = retainEigenspace(Xr, opts);
  const DA = dimensionalAlignment(Xf, eigenspace);
  const info: DAInfo = { k: eigenspace.k, tau: eigenspace.tau, centered: opts.centered, rank: eigenspace.rank };
  if (eigenspace.note) info.note = eigenspace.note;
  return { DA, info, eigenspace };
}

/** η in DA = √((r + η)/(1 + η)): caps ∂DA/∂r at 1/(2√η) ≈ 5·10⁴ where r → 0. */
export const ALIGNMENT_EPSILON = 1e-10;
/** Added to ‖Σ̂_f‖² (≥ C once features are rescaled) only to keep 0/0 finite; its square stays a normal float32. */
const TINY = 1e-12;

/**
 * Differentiable DA for the MUDA loss.
 * featuresF: [b, C] forget batch; U: [C, k] retain eigenspace; mean: [C]
 * retain mean when centered → scalar DA.
 *
 * Gradients flow through featuresF only: U and mean pass through
 * `stopGradient` (U is refreshed by subspace iteration, not learned).
 * Numerics, all in float32:
 * - F is divided by its RMS value, taken as a constant. DA is scale-free,
 *   so ∇DA·F = 0 and the gradient through the scale is exactly zero anyway;
 *   rescaling keeps ‖Σ_f‖² (a 4th power of the features) far from float32
 *   overflow and underflow.
 * - r = ‖Σ̂_f U‖² / (‖Σ̂_f‖² + 1e-12), DA = √((r + η)/(1 + η)), η = 1e-10.
 *   The √ has an infinite slope at r = 0 (forget features orthogonal to U,
 *   or all zero); η bounds it, at a bias below 1e-5 in DA (≈ 1e-5 at DA = 0,
 *   < 1e-10 at DA ≈ 1). All-zero features give DA ≈ 0, like `dimensionalAlignment`.
 */
export function alignmentTensor(featuresF: tf.Tensor2D, U: tf.Tensor2D, mean?: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const C = featuresF.shape[1];
    if (U.shape[0] !== C) throw new RangeError(`alignmentTensor: U is [${U.shape}], features have ${C} columns`);
    const F = mean ? tf.sub(featuresF, stopGradient(mean)) : featuresF;
    const rms = withoutGradient(F, (x) => tf.maximum(tf.sqrt(tf.mean(tf.square(x))), 1e-30));
    const Fn = tf.div(F, rms) as tf.Tensor2D;
    const sigma = tf.matMul(Fn, Fn, true, false); // [C, C], Σ_f up to a constant
    const a = tf.sum(tf.square(tf.matMul(sigma, stopGradient(U)))); // ‖Σ_f U‖²
    const s = tf.sum(tf.square(sigma)); // ‖Σ_f‖²
    const r = tf.div(a, tf.add(s, TINY));
    return tf.sqrt(tf.div(tf.add(r, ALIGNMENT_EPSILON), 1 + ALIGNMENT_EPSILON)) as tf.Scalar;
  });
}
