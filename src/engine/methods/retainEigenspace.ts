/**
 * MUDA's retain eigenspace U_r, tracked across unlearning steps: the top-k
 * eigenvectors of XᵀX for a retain batch under the *current* model, computed
 * without gradient and refreshed every `refresh` steps (method.md, step 2).
 *
 * Two solvers: GPU subspace iteration warm-started from the previous U (a few
 * iterations once warm), or the exact CPU eigendecomposition (ml-matrix) —
 * exact but a readback plus O(C³) per refresh, so meant for small C.
 * k: the smallest k holding energy share τ (measured on the current features),
 * or fixed. With the GPU solver the spectrum is known only up to kMax columns;
 * when τ is not reached inside kMax, k = kMax (reported).
 */
import * as tf from '@tensorflow/tfjs';
import { gram } from '../linalg/gram';
import { featureEigenspace } from '../linalg/subspaceIteration';
import { symmetricEigen } from '../linalg/symmetricEigen';
import { kForEnergyShare } from '../metrics/alignment';
import type { Rng } from '../random';

export interface EigenspaceOptions {
  solver: 'gpu' | 'cpu';
  /** Energy share that picks k; ignored when `fixedK` is set. */
  tau: number;
  fixedK?: number;
  centered: boolean;
  /** Upper bound on k for the GPU solver (it iterates kMax columns). */
  kMax: number;
  rng: Rng;
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

export class RetainEigenspaceTracker {
  private warm: tf.Tensor2D | null = null;
  private current: Eigenspace | null = null;
  /** Time spent in the eigensolver (for the benchmark's eigensolver share). */
  solverMs = 0;
  refreshes = 0;

  constructor(private readonly opts: EigenspaceOptions) {}

  /** Recomputes U_r from retain features [n, C] (no gradient reaches them). */
  async refresh(features: tf.Tensor2D): Promise<Eigenspace> {
    const t0 = performance.now();
    const C = features.shape[1];
    // k < C always: k = C makes DA ≡ 1 (method.md).
    const cap = Math.max(1, Math.min(C - 1, features.shape[0] - 1));
    const mean = this.opts.centered ? tf.tidy(() => tf.mean(features, 0) as tf.Tensor1D) : undefined;
    let next: Eigenspace;
    if (this.opts.solver === 'cpu') {
      const X = { rows: features.shape[0], cols: C, data: (await features.data()) as Float32Array };
      const meanArr = mean ? ((await mean.data()) as Float32Array) : undefined;
      const eig = symmetricEigen(gram(X, meanArr ? { mean: meanArr } : {}), C);
      const total = eig.values.reduce((a, b) => a + b, 0);
      const k = Math.min(cap, this.opts.fixedK ?? kForEnergyShare(shares(eig.values, total), this.opts.tau));
      const U = new Float32Array(C * k);
      for (let i = 0; i < C; i++) for (let j = 0; j < k; j++) U[i * k + j] = eig.vectors.data[i * C + j];
      next = { U: tf.tensor2d(U, [C, k]), mean, k };
    } else {
      const kIter = Math.min(cap, this.opts.fixedK ?? this.opts.kMax);
      const init = this.warm && this.warm.shape[1] === kIter ? this.warm : undefined;
      const es = featureEigenspace(features, kIter, { init, mean, rng: this.opts.rng });
      const [values, total] = await Promise.all([es.values.data(), es.totalEnergy.data()]);
      es.values.dispose();
      es.totalEnergy.dispose();
      this.warm?.dispose();
      this.warm = es.U;
      const k = this.opts.fixedK ? kIter : kForEnergyShare(shares(values, total[0]), this.opts.tau);
      next = { U: tf.tidy(() => tf.slice(es.U, [0, 0], [C, k]) as tf.Tensor2D), mean, k };
    }
    this.disposeCurrent();
    this.current = next;
    this.solverMs += performance.now() - t0;
    this.refreshes++;
    return next;
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
