/**
 * The GPU eigensolver of method.md: top-k eigenspace of a symmetric PSD
 * matrix Σ by subspace (orthogonal) iteration, U ← qr(Σ U), because tfjs has
 * no eig or svd. Warm-started from the previous step's U, a few iterations
 * suffice; the exact CPU solver (`symmetricEigen`) is its reference in tests.
 *
 * Gradient tapes: tfjs has no tf.stopGradient. The whole iteration runs as
 * the forward function of one `tf.customGrad` op whose gradient is zero
 * (`withoutGradient`). tfjs records nothing on a tape while a custom op's
 * forward runs, so the dozens of qr ops never enter backprop, and if Σ was
 * computed from trainable features, no gradient flows back through U.
 * Cheapest is still to call it outside `optimizer.minimize` / `tf.grads`,
 * as MUDA's recipe does (U from a retain batch, "computed without gradient").
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../random';

/** Default iteration counts: from a random start vs from the previous step's U. */
export const COLD_ITERATIONS = 60;
export const WARM_ITERATIONS = 4;

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

export interface SubspaceIterationOptions {
  /** Warm start [C, k], e.g. the previous step's U (need not be exactly orthonormal). */
  init?: tf.Tensor2D;
  /** Number of U ← qr(Σ U) steps (at least 1); default WARM_ITERATIONS with init, COLD_ITERATIONS without. */
  iterations?: number;
  /** Random start when no init is given; default a fixed-seed stream, so results are deterministic. */
  rng?: Rng;
}

// Type aliases rather than interfaces: tf.tidy accepts them as TensorContainers.
export type SubspaceResult = {
  /** [C, k], orthonormal columns, ordered by descending Rayleigh quotient. */
  U: tf.Tensor2D;
  /** [k] Rayleigh quotients uᵢᵀ Σ uᵢ (estimates of the top-k eigenvalues), descending. */
  values: tf.Tensor1D;
};

/**
 * One pass of orthogonal iteration on packed input, returning [C + 1, k]:
 * rows 0..C-1 are U, row C the Rayleigh quotients. Packed because a custom
 * op has one output.
 */
function iteratePacked(sigma: tf.Tensor2D, start: tf.Tensor2D, iterations: number): tf.Tensor2D {
  const C = sigma.shape[0];
  // Scale Σ to unit mean eigenvalue and shift by a tiny multiple of I: the
  // eigenvectors are unchanged, but (S + εI)U never has a zero column, so
  // tfjs' Householder qr (which divides by column norms) cannot produce NaN
  // when Σ has rank < k or is all zero (dead features).
  const scale = tf.maximum(tf.div(tf.sum(tf.mul(sigma, tf.eye(C))), C), 1e-30);
  const S = tf.add(tf.div(sigma, scale), tf.mul(tf.eye(C), 1e-6)) as tf.Tensor2D;
  let U = start;
  for (let i = 0; i < Math.max(1, iterations); i++) {
    const next = tf.tidy(() => tf.linalg.qr(tf.matMul(S, U))[0] as tf.Tensor2D);
    if (U !== start) U.dispose();
    U = next;
  }
  const values = tf.sum(tf.mul(tf.matMul(sigma, U), U), 0); // [k]
  // Order columns by descending Rayleigh quotient: orthogonal iteration
  // converges to that order, but a warm start may arrive permuted.
  const { indices } = tf.topk(values, values.shape[0]);
  const Us = tf.gather(U, indices, 1);
  const vs = tf.gather(values, indices);
  return tf.concat([Us, tf.reshape(vs, [1, -1])], 0) as tf.Tensor2D;
}

function unpack(packed: tf.Tensor2D, C: number, k: number): SubspaceResult {
  return tf.tidy(() => ({
    U: tf.slice(packed, [0, 0], [C, k]) as tf.Tensor2D,
    values: tf.reshape(tf.slice(packed, [C, 0], [1, k]), [k]) as tf.Tensor1D,
  }));
}

/**
 * Top-k eigenspace of a symmetric PSD matrix.
 * sigma: [C, C]; opts.init: [C, k] → U: [C, k] orthonormal, values: [k].
 * The caller owns (and disposes) U and values; keep U for the next warm start.
 */
export function subspaceIteration(sigma: tf.Tensor2D, k: number, opts: SubspaceIterationOptions = {}): SubspaceResult {
  const C = sigma.shape[0];
  if (sigma.shape[1] !== C) throw new RangeError(`subspaceIteration: Σ must be square, got [${sigma.shape}]`);
  if (!Number.isInteger(k) || k < 1 || k > C) throw new RangeError(`subspaceIteration: k = ${k} outside 1..${C}`);
  if (opts.init && (opts.init.shape[0] !== C || opts.init.shape[1] !== k)) {
    throw new RangeError(`subspaceIteration: init is [${opts.init.shape}], expected [${C}, ${k}]`);
  }
  const iterations = opts.iterations ?? (opts.init ? WARM_ITERATIONS : COLD_ITERATIONS);
  const start = opts.init ?? randomStart(C, k, opts.rng);
  try {
    return tf.tidy(() => {
      const packed = withoutGradient(sigma, (s) => iteratePacked(s as tf.Tensor2D, start, iterations));
      return unpack(packed, C, k);
    });
  } finally {
    if (!opts.init) start.dispose();
  }
}

export interface FeatureEigenspaceOptions extends SubspaceIterationOptions {
  /** Subtract this mean [C] (or the batch's own mean when `center`) before XᵀX. */
  mean?: tf.Tensor1D;
  center?: boolean;
}

export type FeatureEigenspace = SubspaceResult & {
  /** Scalar trace of Σ = total energy, so values / totalEnergy are energy shares (for τ). */
  totalEnergy: tf.Scalar;
};

/**
 * Top-k eigenspace of XᵀX straight from features.
 * features: [n, C] → U: [C, k], values: [k], totalEnergy: scalar.
 * No gradient flows back into `features` (see the file comment).
 */
export function featureEigenspace(features: tf.Tensor2D, k: number, opts: FeatureEigenspaceOptions = {}): FeatureEigenspace {
  return tf.tidy(() => {
    const sigma = withoutGradient(features, (f) => {
      let X = f as tf.Tensor2D;
      if (opts.mean) X = tf.sub(X, opts.mean);
      else if (opts.center) X = tf.sub(X, tf.mean(X, 0));
      return tf.matMul(X, X, true, false) as tf.Tensor2D; // [C, C]
    });
    const { U, values } = subspaceIteration(sigma, k, opts);
    const totalEnergy = tf.sum(tf.mul(sigma, tf.eye(sigma.shape[0]))) as tf.Scalar;
    return { U, values, totalEnergy };
  });
}
