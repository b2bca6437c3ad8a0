/**
 * MUDA's retain eigenspace U_r, tracked across unlearning steps: the top-k
 * eigenvectors of XᵀX for a retain batch under the *current* model, computed
 * without gradient and refreshed every `refresh` steps (docs/method.md, "MUDA", step 2).
 *
 * Two solvers:
 * - 'gpu': subspace iteration (Cholesky-QR steps + Rayleigh–Ritz, see
 *   linalg/subspaceIteration.ts) on the backend, warm-started from the
 *   previous U, WARM_ITERATIONS per refresh once warm.
 * - 'cpu': the exact eigendecomposition (ml-matrix, float64) — a readback and
 *   O(C³) per refresh (≈ 30 ms at C = 128, ≈ 100 ms at C = 256 on a 2-core
 *   box), so exact every time only up to C = EXACT_MAX_C. Wider, the first
 *   refresh is exact and later ones take the warm-started subspace iteration
 *   *held to the exact solver's accuracy*: each column of U must have a
 *   relative residual ‖Σuᵢ − θᵢuᵢ‖/θ₁ ≤ RESIDUAL_TOL (so its angle to the
 *   true eigenvector is at most RESIDUAL_TOL / gap), or the refresh falls
 *   back to the exact solver (`exactRefreshes` counts them); so does a
 *   refresh whose k would need more than kMax + margin columns (the exact
 *   solver's k is not capped at kMax).
 *
 * k: the smallest k holding energy share τ (measured on the current
 * features; the total energy is the exact trace of XᵀX), or fixed.
 *
 * Adaptive width (iterative solvers): iterating kMax = 32 columns when k is
 * 1–10 wastes most of the work, so the tracker iterates p = k_prev + margin
 * columns (margin = max(4, ⌈k_prev / 2⌉): the extra columns speed up
 * convergence of the top k, whose rate is λ_{p+1}/λ_k, and show when k grows).
 * When τ is not reached inside p columns, or k lands in the last
 * GUARD_COLUMNS columns, p grows (to at least k + margin, padded with fresh
 * random columns, GROW_ITERATIONS iterations) up to kMax + margin and the
 * refresh is redone; when k falls, p shrinks with it at the next refresh.
 * k itself never exceeds kMax: when τ is not reached by kMax columns, k = kMax
 * (reported).
 */
import * as tf from '@tensorflow/tfjs';
import { gram } from '../linalg/gram';
import { COLD_ITERATIONS, featureEigenspaceAsync, randomStart, WARM_ITERATIONS } from '../linalg/subspaceIteration';
import { symmetricEigen } from '../linalg/symmetricEigen';
import { kForEnergyShare, TAU_SLACK } from '../metrics/energyShare';
import type { Rng } from '../random';

/** Widest features for which the 'cpu' solver decomposes exactly at every refresh. */
export const EXACT_MAX_C = 64;
/** Largest relative residual ‖Σuᵢ − θᵢuᵢ‖/θ₁ at which the 'cpu' solver accepts an iterated column. */
export const RESIDUAL_TOL = 1e-3;
/** Columns of the first (cold) iteration when k is not known yet. */
const INITIAL_COLUMNS = 12;
/** k must stay this many columns below p; else p grows (the last columns converge slowest). */
const GUARD_COLUMNS = 2;
/** Iterations after growing p (the new columns start random; the leading ones are warm). */
const GROW_ITERATIONS = 3 * WARM_ITERATIONS;

export interface EigenspaceOptions {
  solver: 'gpu' | 'cpu';
  /** Energy share that picks k; ignored when `fixedK` is set. */
  tau: number;
  fixedK?: number;
  centered: boolean;
  /** Upper bound on k for the iterative solver (it iterates at most kMax + margin columns). */
  kMax: number;
  rng: Rng;
  /** 'cpu' solver, C > EXACT_MAX_C: largest accepted relative residual of an iterated column (default RESIDUAL_TOL). */
  residualTol?: number;
}

export interface Eigenspace {
  /** [C, k], orthonormal columns. */
  U: tf.Tensor2D;
  /** Retain mean [C] when centered. */
  mean?: tf.Tensor1D;
  k: number;
}

/** Energy shares of the leading eigenvalues (values / total energy). */
function shares(values: ArrayLike<number>, total: number): number[] {
  return Array.from(values, (v) => (total > 0 ? v / total : 0));
}

/** Extra columns iterated beyond k. */
export function margin(k: number): number {
  return Math.max(4, Math.ceil(k / 2));
}

export class RetainEigenspaceTracker {
  /** The last iterated basis [C, p] (p ≥ k), the warm start of the next refresh. */
  private warm: tf.Tensor2D | null = null;
  private current: Eigenspace | null = null;
  private lastK = 0;
  /** Time spent in the eigensolver (for the benchmark's eigensolver share). */
  solverMs = 0;
  refreshes = 0;
  /** Refreshes done by the exact solver (the 'cpu' solver: the first one, wide-C fallbacks, all when C ≤ EXACT_MAX_C). */
  exactRefreshes = 0;
  /** Columns iterated in the last refresh (iterative solvers). */
  columns = 0;

  constructor(private readonly opts: EigenspaceOptions) {}

  /** Recomputes U_r from retain features [n, C] (no gradient reaches them). */
  async refresh(features: tf.Tensor2D): Promise<Eigenspace> {
    const t0 = performance.now();
    const C = features.shape[1];
    // k < C always: k = C makes DA ≡ 1 (docs/method.md).
    const cap = Math.max(1, Math.min(C - 1, features.shape[0] - 1));
    const mean = this.opts.centered ? tf.tidy(() => tf.mean(features, 0) as tf.Tensor1D) : undefined;
    let next: Eigenspace | null = null;
    try {
      const exact = this.opts.solver === 'cpu' && (C <= EXACT_MAX_C || !this.warm);
      if (!exact) next = await this.iterate(features, mean, cap);
      if (!next) next = await this.exact(features, mean, cap);
    } catch (err) {
      mean?.dispose();
      throw err;
    }
    this.disposeCurrent();
    this.current = next;
    this.lastK = next.k;
    this.solverMs += performance.now() - t0;
    this.refreshes++;
    return next;
  }

  /** Exact eigendecomposition on the CPU; seeds the warm start for wide C. */
  private async exact(features: tf.Tensor2D, mean: tf.Tensor1D | undefined, cap: number): Promise<Eigenspace> {
    const C = features.shape[1];
    const X = { rows: features.shape[0], cols: C, data: (await features.data()) as Float32Array };
    const meanArr = mean ? ((await mean.data()) as Float32Array) : undefined;
    const eig = symmetricEigen(gram(X, meanArr ? { mean: meanArr } : {}), C);
    const total = eig.values.reduce((a, b) => a + b, 0);
    const k = Math.min(cap, this.opts.fixedK ?? kForEnergyShare(shares(eig.values, total), this.opts.tau));
    const columns = (q: number) => {
      const U = new Float32Array(C * q);
      for (let i = 0; i < C; i++) for (let j = 0; j < q; j++) U[i * q + j] = eig.vectors.data[i * C + j];
      return tf.tensor2d(U, [C, q]);
    };
    this.exactRefreshes++;
    if (C > EXACT_MAX_C) {
      this.warm?.dispose();
      this.warm = columns(Math.min(cap, k + margin(k)));
    }
    return { U: columns(k), mean, k };
  }

  /**
   * Warm-started subspace iteration with an adaptive number of columns.
   * Returns null when the 'cpu' solver's residual check fails (the caller
   * then solves exactly).
   */
  private async iterate(features: tf.Tensor2D, mean: tf.Tensor1D | undefined, cap: number): Promise<Eigenspace | null> {
    const C = features.shape[1];
    const { fixedK, kMax, tau } = this.opts;
    // The 'cpu' solver's k is the exact one, never capped at kMax: beyond kMax + margin columns it solves exactly instead.
    const checked = this.opts.solver === 'cpu';
    const kLimit = Math.min(cap, fixedK ?? (checked ? cap : kMax));
    const pMax = Math.min(cap, Math.min(kLimit, kMax) + margin(Math.min(kLimit, kMax)));
    let p = Math.min(pMax, this.warm ? (fixedK ? kLimit : this.lastK) + margin(fixedK ? kLimit : this.lastK) : Math.max(INITIAL_COLUMNS, fixedK ? kLimit + margin(kLimit) : 0));
    for (;;) {
      // Warm start resized to p columns: the leading ones (ordered by Ritz value), or padded with random ones.
      let init: tf.Tensor2D | undefined;
      let iterations = COLD_ITERATIONS;
      if (this.warm) {
        const have = this.warm.shape[1];
        if (have === p) init = this.warm;
        else if (have > p) init = tf.slice(this.warm, [0, 0], [C, p]);
        else init = tf.tidy(() => tf.concat([this.warm!, randomStart(C, p - have, this.opts.rng)], 1) as tf.Tensor2D);
        // Padded columns start from random: a few more iterations (the leading ones are converged already).
        iterations = have >= p ? WARM_ITERATIONS : GROW_ITERATIONS;
      }
      const es = await featureEigenspaceAsync(features, p, { init, mean, rng: this.opts.rng, iterations, residuals: checked });
      if (init && init !== this.warm) init.dispose();
      const [values, total] = await Promise.all([es.values.data(), es.totalEnergy.data()]);
      es.values.dispose();
      es.totalEnergy.dispose();
      this.warm?.dispose();
      this.warm = es.U;
      this.columns = p;
      const sh = shares(values, total[0]);
      const reached = sh.reduce((a, b) => a + b, 0) >= tau - TAU_SLACK;
      let k = fixedK ? kLimit : Math.min(kLimit, kForEnergyShare(sh, tau));
      // Grow when τ lies beyond the iterated columns, or k reaches into the last, least converged ones.
      if (p < pMax && !fixedK && (!reached || k > p - GUARD_COLUMNS)) {
        p = Math.min(pMax, Math.max(p + 4, k + margin(k)));
        continue;
      }
      if (checked && !fixedK && (!reached || k > p - GUARD_COLUMNS)) return null;
      if (!fixedK && !reached) k = kLimit;
      const tol = this.opts.residualTol ?? RESIDUAL_TOL;
      if (checked && es.residuals!.slice(0, k).some((r) => !(r <= tol))) return null;
      return { U: tf.tidy(() => tf.slice(es.U, [0, 0], [C, k]) as tf.Tensor2D), mean, k };
    }
  }

  get(): Eigenspace | null {
    return this.current;
  }

  private disposeCurrent(): void {
    this.current?.U.dispose();
    this.current?.mean?.dispose();
    this.current = null;
  }

  dispose(): void {
    this.disposeCurrent();
    this.warm?.dispose();
    this.warm = null;
  }
}
