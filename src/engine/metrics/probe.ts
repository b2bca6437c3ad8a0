/**
 * Linear probe (LP): freeze a model's features, fit a softmax linear head on
 * retain features, report its accuracy on forget features (and on test).
 * A head-only "forgetting" shows up as LP far above 1 − UA: the features
 * still separate the forget samples even though the model's head does not.
 *
 * Plain float64 JS, not tfjs: the problem is small (n ≲ 10⁴, C ≲ 512,
 * K ≲ 100), must be bit-for-bit deterministic across backends, and runs
 * beside GPU work without contending for it.
 *
 * Recipe (fixed, reported in LPInfo): features standardised with the
 * training (retain) mean and std; weights start at zero (the loss is convex,
 * so no random init is needed); mini-batch Adam (β 0.9/0.999) over
 * seeded shuffles; L2 weight decay 1e-4 on W.
 */
import type { Matrix } from '../linalg/matrix';
import { createRng } from '../random';
import type { LPInfo } from '../results';

export interface LabeledFeatures {
  /** n × C features. */
  X: Matrix;
  /** n labels in [0, numClasses). */
  y: ArrayLike<number>;
}

export interface ProbeOptions {
  numClasses: number;
  seed: number;
  epochs?: number;
  lr?: number;
  batchSize?: number;
  weightDecay?: number;
}

export const PROBE_DEFAULTS = { epochs: 50, lr: 0.01, batchSize: 64, weightDecay: 1e-4 } as const;

export interface SoftmaxHead {
  C: number;
  K: number;
  /** Standardisation fitted on the training features (length C). */
  mean: Float64Array;
  std: Float64Array;
  /** K × C row-major weights (row c = class c, so the inner loops run over C) and K biases, on standardised features. */
  W: Float64Array;
  b: Float64Array;
}

function standardisation(X: Matrix): { mean: Float64Array; std: Float64Array } {
  const { rows: n, cols: C, data } = X;
  const mean = new Float64Array(C);
  const std = new Float64Array(C);
  for (let i = 0; i < n; i++) for (let j = 0; j < C; j++) mean[j] += data[i * C + j];
  for (let j = 0; j < C; j++) mean[j] /= Math.max(1, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < C; j++) std[j] += (data[i * C + j] - mean[j]) ** 2;
  // A constant (e.g. dead ReLU) feature gets std 1: it is centered to 0 and ignored.
  for (let j = 0; j < C; j++) std[j] = Math.sqrt(std[j] / Math.max(1, n)) || 1;
  return { mean, std };
}

function standardise(X: Matrix, mean: Float64Array, std: Float64Array): Float64Array {
  const { rows: n, cols: C, data } = X;
  const out = new Float64Array(n * C);
  for (let i = 0; i < n; i++) for (let j = 0; j < C; j++) out[i * C + j] = (data[i * C + j] - mean[j]) / std[j];
  return out;
}

/** Softmax of the logits of standardised row x[o .. o + C) into p (length K). */
function forward(head: SoftmaxHead, x: Float64Array, o: number, p: Float64Array): void {
  const { C, K, W, b } = head;
  let max = -Infinity;
  for (let c = 0; c < K; c++) {
    const w = c * C;
    let z = b[c];
    for (let j = 0; j < C; j++) z += x[o + j] * W[w + j];
    p[c] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let c = 0; c < K; c++) { p[c] = Math.exp(p[c] - max); sum += p[c]; }
  for (let c = 0; c < K; c++) p[c] /= sum;
}

/** Fits the head on `train` (deterministic for a seed). */
export function trainSoftmaxHead(train: LabeledFeatures, opts: ProbeOptions): SoftmaxHead {
  const { rows: n, cols: C } = train.X;
  const K = opts.numClasses;
  if (train.y.length !== n) throw new RangeError(`probe: ${n} feature rows for ${train.y.length} labels`);
  const epochs = opts.epochs ?? PROBE_DEFAULTS.epochs;
  const lr = opts.lr ?? PROBE_DEFAULTS.lr;
  const batchSize = opts.batchSize ?? PROBE_DEFAULTS.batchSize;
  const decay = opts.weightDecay ?? PROBE_DEFAULTS.weightDecay;
  const { mean, std } = standardisation(train.X);
  const x = standardise(train.X, mean, std);
  const head: SoftmaxHead = { C, K, mean, std, W: new Float64Array(C * K), b: new Float64Array(K) };
  const P = C * K + K; // parameters: W then b
  const grad = new Float64Array(P);
  const m1 = new Float64Array(P);
  const m2 = new Float64Array(P);
  const p = new Float64Array(K);
  const rng = createRng(opts.seed).fork('linear-probe');
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  let t = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    rng.shuffle(order);
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      grad.fill(0);
      for (let s = start; s < end; s++) {
        const i = order[s];
        const o = i * C;
        forward(head, x, o, p);
        const y = train.y[i];
        if (!(y >= 0 && y < K)) throw new RangeError(`probe: label ${y} outside 0..${K - 1}`);
        p[y] -= 1; // ∂CE/∂logits = p − onehot
        for (let c = 0; c < K; c++) {
          const pc = p[c];
          const w = c * C;
          for (let j = 0; j < C; j++) grad[w + j] += pc * x[o + j];
          grad[C * K + c] += pc;
        }
      }
      const scale = 1 / (end - start);
      t++;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      for (let q = 0; q < P; q++) {
        const isWeight = q < C * K;
        const value = isWeight ? head.W[q] : head.b[q - C * K];
        const g = grad[q] * scale + (isWeight ? decay * value : 0);
        m1[q] = beta1 * m1[q] + (1 - beta1) * g;
        m2[q] = beta2 * m2[q] + (1 - beta2) * g * g;
        const step = (lr * (m1[q] / c1)) / (Math.sqrt(m2[q] / c2) + eps);
        if (isWeight) head.W[q] -= step; else head.b[q - C * K] -= step;
      }
    }
  }
  return head;
}

/** Predicted class per row of X (n × C) → n labels. */
export function predictSoftmaxHead(head: SoftmaxHead, X: Matrix): Int32Array {
  if (X.cols !== head.C) throw new RangeError(`probe: head fitted on ${head.C} features, got ${X.cols}`);
  const x = standardise(X, head.mean, head.std);
  const p = new Float64Array(head.K);
  const out = new Int32Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    forward(head, x, i * head.C, p);
    let best = 0;
    for (let c = 1; c < head.K; c++) if (p[c] > p[best]) best = c;
    out[i] = best;
  }
  return out;
}

function accuracyOf(head: SoftmaxHead, set: LabeledFeatures): number {
  if (set.y.length !== set.X.rows) throw new RangeError(`probe: ${set.X.rows} feature rows for ${set.y.length} labels`);
  if (set.X.rows === 0) return NaN;
  const pred = predictSoftmaxHead(head, set.X);
  let hits = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === set.y[i]) hits++;
  return hits / pred.length;
}

export interface ProbeResult {
  /** Probe accuracy on the forget features, in [0, 1]. */
  LP: number;
  info: LPInfo;
}

/**
 * LP: head trained on `retain` (docs/metrics.md: retain features), accuracy on
 * `forget` (LP) and on `test` (info.testAcc).
 * Note for class-wise forgetting: retain features hold no sample of the
 * forgotten class, so this head can never predict it and LP on D_f is 0 by
 * construction; pass a training set that includes the class to probe it.
 */
export function linearProbe(retain: LabeledFeatures, forget: LabeledFeatures, test: LabeledFeatures, opts: ProbeOptions): ProbeResult {
  const head = trainSoftmaxHead(retain, opts);
  return {
    LP: accuracyOf(head, forget),
    info: {
      epochs: opts.epochs ?? PROBE_DEFAULTS.epochs,
      lr: opts.lr ?? PROBE_DEFAULTS.lr,
      seed: opts.seed,
      trainSize: retain.X.rows,
      testAcc: accuracyOf(head, test),
    },
  };
}
