/**
 * The GPU eigensolver of docs/method.md: top-k eigenspace of Σ = XᵀX from features
 * X by subspace (orthogonal) iteration, because tfjs has no eig or svd.
 * Warm-started from the previous step's U, a few iterations suffice; the
 * exact CPU solver (`symmetricEigen`) is its reference in tests. One entry
 * point, `featureEigenspaceAsync`: readbacks are asynchronous, because a
 * synchronous one stalls the pipeline on GPU backends.
 *
 * One iteration is a Cholesky-QR step, U ← Z R⁻¹ with Z = Σ U (Σ formed once,
 * or Xᵀ(X U), whichever is cheaper) and RᵀR = ZᵀZ:
 *   - on the backend: Z and the k × k Gram matrix M = ZᵀZ (two matMuls);
 *   - read back M only (k² numbers);
 *   - in JS, float64 (ml-matrix): the Cholesky factor R of M and R⁻¹ (k³, negligible);
 *   - on the backend: U = Z R⁻¹ (one matMul).
 * tfjs' own `tf.linalg.qr` (Householder) issues thousands of small ops per
 * call; this is ~5 ops and one small readback per iteration.
 *
 * After the iterations, one Rayleigh–Ritz step: read UᵀU and Uᵀ Σ U (2k²
 * numbers), orthonormalise and diagonalise in float64 (`symmetricEigen` on
 * k × k), rotate U. The columns come out orthonormal and ordered by their
 * Rayleigh quotients (the Ritz values, descending), which are the returned
 * eigenvalue estimates.
 *
 * Robustness (Cholesky-QR squares the condition number of Z, and M is
 * computed in float32):
 *   - Σ is scaled to unit mean eigenvalue on the backend, so nothing over- or
 *     underflows; the values are scaled back.
 *   - A ridge on M relative to its diagonal, RIDGE·(Mᵢᵢ + 10⁻⁶·max M) —
 *     retried ×100 (up to 10⁻²) if Cholesky still meets a non-positive
 *     pivot — keeps R invertible when Z has (nearly) dependent columns (Σ of
 *     rank < k, dead features). Relative to the diagonal, because Cholesky is
 *     invariant to column scaling: near convergence Z's columns are nearly
 *     orthogonal with very different norms (λ₁ … λ_k), which is harmless.
 *     A ridge only shrinks directions float32 cannot resolve anyway; the
 *     span of U stays the span of Z.
 *   - M all zero or non-finite (Σ = 0): U is kept as it is.
 *   - The final step re-orthonormalises: UᵀU = V D Vᵀ gives U V D^(-1/2).
 *     If UᵀU is far from I it does so once more (Cholesky-QR2); directions
 *     with D below ORTH_DROP·max D carry no information (rank deficiency) and
 *     are replaced by fixed-seed random directions projected off the others
 *     (twice), so U always has k orthonormal, finite columns. Their Ritz
 *     values are ≈ 0.
 *
 * Gradient tapes: tfjs has no tf.stopGradient; `withoutGradient` and
 * `stopGradient` here stand in for it (alignment.ts uses them too). The
 * features enter the solver through `stopGradient`. Call it outside
 * `optimizer.minimize` / `tf.grads`, as MUDA's recipe does (U from a retain
 * batch, "computed without gradient"): a tape records only synchronous code,
 * and a tidy scope would dispose the solver's tensors before it resumes.
 */
import * as tf from '@tensorflow/tfjs';
import { CholeskyDecomposition, inverse, Matrix as MlMatrix } from 'ml-matrix';
import { createRng, type Rng } from '../random';
import { symmetricEigen } from './symmetricEigen';

/** Default iteration counts: from a random start vs from the previous step's U. */
export const COLD_ITERATIONS = 60;
export const WARM_ITERATIONS = 4;

/** Ridge on the Cholesky-QR Gram matrix, relative to its diagonal. */
const RIDGE = 1e-6;
/** In the final orthonormalisation: eigenvalues of UᵀU below this share of the largest mark a lost direction. */
const ORTH_DROP = 1e-6;
/** …and if all are above this share, one pass makes U orthonormal to float32 precision. */
const ORTH_GOOD = 0.1;

/**
 * f(x) as one op with zero gradient w.r.t. x, none of whose inner ops are
 * recorded on an active gradient tape. f must return one tensor.
 */
export function withoutGradient<T extends tf.Tensor>(x: tf.Tensor, f: (x: tf.Tensor) => T): T {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xIn = args[0] as tf.Tensor;
    return { value: f(xIn), gradFunc: () => tf.zerosLike(xIn) };
  });
  return op(x) as T;
}

/** x unchanged (same values, new tensor), but a constant for gradients: tfjs' missing stop_gradient. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return withoutGradient(x, (t) => tf.clone(t)) as T;
}

/**
 * A deterministic random start [C, k]. Why random rather than identity
 * columns: eᵢ fails whenever the top eigenspace is (nearly) orthogonal to the
 * first k coordinate axes — e.g. dead ReLU units among the first k features
 * give Σ eᵢ = 0 and a rank-deficient first iterate — while a Gaussian matrix
 * overlaps every k-dimensional subspace with probability 1.
 */
export function randomStart(C: number, k: number, rng: Rng = createRng(0x5eed)): tf.Tensor2D {
  const v = new Float32Array(C * k);
  for (let i = 0; i < v.length; i++) v[i] = rng.normal();
  return tf.tensor2d(v, [C, k]);
}

export type SubspaceResult = {
  /** [C, k], orthonormal columns, ordered by descending Rayleigh quotient. */
  U: tf.Tensor2D;
  /** [k] Rayleigh quotients uᵢᵀ Σ uᵢ (estimates of the top-k eigenvalues), descending. */
  values: tf.Tensor1D;
};

/** What the solver returns; `residuals` only when asked for. */
type SolveResult = SubspaceResult & {
  /** Per column, ‖Σuᵢ − θᵢuᵢ‖ / θ₁ (θ₁ the largest value): how far each column is from an eigenvector. */
  residuals?: number[];
};

// ---------------------------------------------------------------- float64 k × k helpers

/** Symmetrised float64 copy of the p × p block of `a` starting at `offset`. */
function block(a: Float32Array, offset: number, p: number): MlMatrix {
  const m = new MlMatrix(p, p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) m.set(i, j, 0.5 * (a[offset + i * p + j] + a[offset + j * p + i]));
  }
  return m;
}

function allFiniteArray(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

/**
 * R⁻¹ (p × p, upper triangular) for RᵀR = M + ridge·(diag M + 10⁻⁶ max M),
 * M symmetric PSD from a float32 Gram matrix; null when M is zero or not finite.
 */
function choleskyInverse(M: MlMatrix): MlMatrix | null {
  if (!allFiniteArray(M.to1DArray())) return null;
  const maxDiag = Math.max(0, ...M.diag());
  if (!(maxDiag > 0)) return null;
  for (let ridge = RIDGE; ridge <= 1e-2; ridge *= 100) {
    const shift = MlMatrix.diag(M.diag().map((d) => ridge * (d + 1e-6 * maxDiag)));
    const chol = new CholeskyDecomposition(M.clone().add(shift));
    // R = Lᵀ is upper triangular with a positive diagonal, so LU solves it without pivoting: plain back substitution.
    if (chol.isPositiveDefinite()) return inverse(chol.lowerTriangularMatrix.transpose());
  }
  return null;
}

/** `symmetricEigen` of a small matrix: values descending, unit eigenvectors as columns. */
function eigen(m: MlMatrix): { values: Float64Array; vectors: MlMatrix } {
  const { values, vectors } = symmetricEigen(m.to1DArray(), m.rows);
  return { values, vectors: MlMatrix.from1DArray(m.rows, m.rows, vectors.data) };
}

/**
 * From A = UᵀU (p × p): T = V_g D_g^(-1/2) (p × g) over the g eigen-directions
 * with D ≥ ORTH_DROP·max D, so that U T has orthonormal columns; and whether
 * one pass suffices for float32 precision (every D ≥ ORTH_GOOD·max D).
 */
function orthonormaliser(A: MlMatrix): { T: MlMatrix; g: number; good: boolean } {
  const p = A.rows;
  const { values, vectors } = eigen(A);
  const dMax = values[0];
  let g = 0;
  while (g < p && dMax > 0 && values[g] >= ORTH_DROP * dMax) g++;
  const T = new MlMatrix(p, g);
  for (let i = 0; i < p; i++) for (let j = 0; j < g; j++) T.set(i, j, vectors.get(i, j) / Math.sqrt(values[j]));
  return { T, g, good: g === p && values[p - 1] >= ORTH_GOOD * dMax };
}

/** A float64 matrix as a float32 tensor [rows, columns]. */
const f32 = (m: MlMatrix) => tf.tensor2d(Float32Array.from(m.to1DArray()), [m.rows, m.columns]);

// ---------------------------------------------------------------- the iteration

/** The scaled operator V ↦ S V, S = Σ / scale, for [C, p] blocks; owns its tensors. */
interface Operator {
  C: number;
  apply(V: tf.Tensor2D): tf.Tensor2D;
  /** Scalar: S = Σ / scale (scale = mean eigenvalue of Σ, floored). */
  scale: tf.Scalar;
  dispose(): void;
}

/**
 * Σ = XᵀX from features X [n, C] (already centered): either formed once (C × C)
 * or applied as Xᵀ(X V), whichever costs fewer multiply-adds for the
 * `applies` products the solver will take.
 */
function featureOperator(X: tf.Tensor2D, p: number, applies: number): Operator & { totalEnergy: tf.Scalar } {
  const [n, C] = X.shape;
  const formSigma = 2 * n * C * C + applies * 2 * C * C * p < applies * 4 * n * C * p;
  const [totalEnergy, scale, A] = tf.tidy(() => {
    const total = tf.sum(tf.square(X)) as tf.Scalar;
    const sc = tf.maximum(tf.div(total, C), 1e-30) as tf.Scalar;
    // Either S = XᵀX / scale, or Xs = X / √scale (so that Xsᵀ Xs = S).
    const a = formSigma ? tf.div(tf.matMul(X, X, true, false), sc) : tf.div(X, tf.sqrt(sc));
    return [total, sc, a as tf.Tensor2D];
  });
  return {
    C, scale, totalEnergy,
    apply: formSigma ? (V) => tf.matMul(A, V) : (V) => tf.tidy(() => tf.matMul(A, tf.matMul(A, V), true, false)),
    dispose: () => tf.dispose([A, scale]),
  };
}

/**
 * The solver as a generator: it yields each small tensor it must read back
 * (the driver reads it, disposes it and sends the values in), so the solver
 * stays synchronous code and the readbacks live in one place. Returns U
 * [C, p] and the values [p] (unscaled); disposes everything else, never `start`.
 */
function* solve(op: Operator, start: tf.Tensor2D, iterations: number, withResiduals = false): Generator<tf.Tensor, SolveResult, Float32Array> {
  const C = op.C;
  const p = start.shape[1];
  let U = start;
  const replace = (next: tf.Tensor2D) => {
    if (U !== start) U.dispose();
    U = next;
  };
  // Ritz vectors Uout [C, q] and values θ (of S, scaled) → the result, with residuals when asked.
  function* finish(Uout: tf.Tensor2D, theta: Float64Array): Generator<tf.Tensor, SolveResult, Float32Array> {
    const values = tf.tidy(() => tf.mul(tf.tensor1d(Float32Array.from(theta)), op.scale) as tf.Tensor1D);
    if (!withResiduals) return { U: Uout, values };
    const r2 = yield tf.tidy(() => tf.sum(tf.square(tf.sub(op.apply(Uout), tf.mul(Uout, tf.tensor1d(Float32Array.from(theta))))), 0));
    const top = Math.max(theta[0], 1e-30);
    return { U: Uout, values, residuals: Array.from(r2, (v) => Math.sqrt(Math.max(0, v)) / top) };
  }
  try {
    for (let i = 0; i < Math.max(1, iterations); i++) {
      const Z = op.apply(U);
      const M = (yield tf.matMul(Z, Z, true, false)) as Float32Array;
      const Rinv = choleskyInverse(block(M, 0, p));
      if (Rinv) replace(tf.tidy(() => tf.matMul(Z, f32(Rinv))));
      Z.dispose();
      if (!Rinv) break; // Σ U = 0 (Σ = 0) or not finite: nothing to iterate
    }
    // Rayleigh–Ritz: UᵀU and Uᵀ S U in one readback.
    for (let pass = 0; ; pass++) {
      const read = yield tf.tidy(() => tf.concat([tf.matMul(U, U, true, false), tf.matMul(U, op.apply(U), true, false)], 0));
      if (!allFiniteArray(read)) {
        // Σ (or the start) is not finite: say so in the result rather than throw.
        const nan = tf.tidy(() => ({ U: tf.fill([C, p], NaN) as tf.Tensor2D, values: tf.fill([p], NaN) as tf.Tensor1D }));
        return withResiduals ? { ...nan, residuals: new Array<number>(p).fill(NaN) } : nan;
      }
      const { T, g, good } = orthonormaliser(block(read, 0, p));
      if (good || pass >= 2) {
        if (g < p) break; // unreachable in practice (good ⇒ g = p); pass ≥ 2 with lost directions falls through to the fill
        // Ĥ = Tᵀ H T = W Θ Wᵀ; U ← U T W.
        const H = block(read, p * p, p);
        const eig = eigen(T.transpose().mmul(H).mmul(T));
        const F = T.mmul(eig.vectors);
        return yield* finish(tf.tidy(() => tf.matMul(U, f32(F))), eig.values);
      }
      if (g === p) {
        replace(tf.tidy(() => tf.matMul(U, f32(T)))); // Cholesky-QR2: orthonormalise once more, then re-read
        continue;
      }
      break; // lost directions: fill below
    }
    // Rank deficiency: keep the g directions that carry information, fill the rest.
    const read = yield tf.matMul(U, U, true, false);
    const { T, g } = orthonormaliser(block(read, 0, p));
    const m = p - g;
    const B = tf.tidy(() => (g > 0 ? tf.matMul(U, f32(T)) : tf.zeros([C, 0])) as tf.Tensor2D);
    const fill = tf.tidy(() => {
      let F = randomStart(C, m, createRng(0xf111)) as tf.Tensor2D;
      for (let t = 0; t < 2; t++) F = tf.sub(F, tf.matMul(B, tf.matMul(B, F, true, false))) as tf.Tensor2D;
      return F;
    });
    const fr = yield tf.matMul(fill, fill, true, false);
    const orthF = orthonormaliser(block(fr, 0, m));
    const Q = tf.tidy(() => tf.concat([B, tf.matMul(fill, f32(orthF.T))], 1) as tf.Tensor2D);
    tf.dispose([B, fill]);
    const q = Q.shape[1]; // = p unless C < p + (something impossible); kept general
    const h = yield tf.tidy(() => tf.matMul(Q, op.apply(Q), true, false));
    const eig = eigen(block(h, 0, q));
    let Uq: tf.Tensor2D = tf.tidy(() => tf.matMul(Q, f32(eig.vectors)));
    Q.dispose();
    let theta = eig.values;
    if (q < p) {
      // Fewer directions than asked exist (k > C − lost dimensions): pad with zero columns, values 0.
      const padded = tf.tidy(() => tf.concat([Uq, tf.zeros([C, p - q])], 1) as tf.Tensor2D);
      Uq.dispose();
      Uq = padded;
      theta = Float64Array.from({ length: p }, (_, i) => (i < q ? eig.values[i] : 0));
    }
    return yield* finish(Uq, theta);
  } finally {
    if (U !== start) U.dispose();
  }
}

/** Runs `solve` with asynchronous readbacks (data()): no pipeline stall on GPU backends. */
async function driveAsync<R>(gen: Generator<tf.Tensor, R, Float32Array>): Promise<R> {
  let r = gen.next(undefined as unknown as Float32Array);
  while (!r.done) {
    const t = r.value;
    let v: Float32Array;
    try {
      v = (await t.data()) as Float32Array;
    } catch (err) {
      gen.return(undefined as unknown as R);
      throw err;
    } finally {
      t.dispose();
    }
    r = gen.next(v);
  }
  return r.value;
}

function checkArgs(C: number, k: number, init: tf.Tensor2D | undefined): void {
  if (!Number.isInteger(k) || k < 1 || k > C) throw new RangeError(`featureEigenspaceAsync: k = ${k} outside 1..${C}`);
  if (init && (init.shape[0] !== C || init.shape[1] !== k)) {
    throw new RangeError(`featureEigenspaceAsync: init is [${init.shape}], expected [${C}, ${k}]`);
  }
}

export interface FeatureEigenspaceOptions {
  /** Warm start [C, k], e.g. the previous step's U (need not be exactly orthonormal). */
  init?: tf.Tensor2D;
  /** Number of U ← orth(Σ U) steps (at least 1) before the Rayleigh–Ritz step; default WARM_ITERATIONS with init, COLD_ITERATIONS without. */
  iterations?: number;
  /** Random start when no init is given; default a fixed-seed stream, so results are deterministic. */
  rng?: Rng;
  /** Subtract this mean [C] (or the batch's own mean when `center`) before XᵀX. */
  mean?: tf.Tensor1D;
  center?: boolean;
  /** Also return each column's residual ‖Σuᵢ − θᵢuᵢ‖ / θ₁ (one more product and readback). */
  residuals?: boolean;
}

export type FeatureEigenspace = SubspaceResult & {
  /** Scalar trace of Σ = total energy, so values / totalEnergy are energy shares (for τ). */
  totalEnergy: tf.Scalar;
};

function centered(f: tf.Tensor2D, opts: FeatureEigenspaceOptions): tf.Tensor2D {
  if (opts.mean) return tf.sub(f, opts.mean) as tf.Tensor2D;
  if (opts.center) return tf.sub(f, tf.mean(f, 0)) as tf.Tensor2D;
  return tf.clone(f);
}

/**
 * Top-k eigenspace of XᵀX straight from features.
 * features: [n, C]; opts.init: [C, k] → U: [C, k] orthonormal, values: [k],
 * totalEnergy: scalar. The caller owns (and disposes) them; keep U for the
 * next warm start. No gradient flows back into `features` (see the file comment).
 */
export async function featureEigenspaceAsync(features: tf.Tensor2D, k: number, opts: FeatureEigenspaceOptions = {}): Promise<FeatureEigenspace & { residuals?: number[] }> {
  const C = features.shape[1];
  checkArgs(C, k, opts.init);
  const iterations = opts.iterations ?? (opts.init ? WARM_ITERATIONS : COLD_ITERATIONS);
  const start = opts.init ?? randomStart(C, k, opts.rng);
  const X = tf.tidy(() => centered(stopGradient(features), opts));
  const op = featureOperator(X, k, iterations + 2);
  X.dispose();
  try {
    const r = await driveAsync(solve(op, start, iterations, opts.residuals));
    return { ...r, totalEnergy: op.totalEnergy };
  } catch (err) {
    op.totalEnergy.dispose();
    throw err;
  } finally {
    op.dispose();
    if (!opts.init) start.dispose();
  }
}
