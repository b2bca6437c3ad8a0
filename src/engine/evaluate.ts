/**
 * Measures a finished model (docs/metrics.md): collects its outputs once —
 * penultimate features of the retain reference, forget and test sets, class
 * probabilities on every split — then computes every metric from that plain
 * data. Metrics relative to Retrain / Original (gaps, ToW, CKA) are computed
 * from stored outputs whenever those reference models exist.
 */
import * as tf from '@tensorflow/tfjs';
import { INFERENCE_ROWS, mapChunks } from './batching';
import type { EvalConfig } from './config';
import type { Split } from './data/dataset';
import type { UnlearningData } from './data/unlearningData';
import { fitPca, projectPca } from './linalg/pca';
import type { Matrix } from './linalg/matrix';
import { spreadPicks, takeRows } from './linalg/matrix';
import { principalAngles } from './linalg/principalAngles';
import { daMetric, retainEigenspace } from './metrics/alignment';
import type { Model } from './models/model';
import type { Rng } from './random';
import type { Metrics, ModelViews, Spectrum } from './results';
import { accuracyFromProbs, crossEntropyFromProbs, truthProbabilities } from './metrics/accuracy';
import { avgGap, tugOfWar } from './metrics/gap';
import { lossMia, miaEfficacy } from './metrics/mia';
import { linearProbe } from './metrics/probe';
import { spectra } from './metrics/spectrum';
import { forgetRetainClusterMetrics } from './metrics/cluster';
import { linearCKA } from './metrics/cka';

/** Points per group in the PCA scatter and MIA histograms: enough to see a shape, small enough to send. */
const VIEW_POINTS = 400;
const BOUNDARY_GRID = 60;

export interface ModelOutputs {
  features: { retainRef: Matrix; forget: Matrix; test: Matrix };
  /** Softmax probabilities, rows aligned with the index lists of UnlearningData. */
  probs: { forget: Matrix; retain: Matrix; test: Matrix; forgetClassTest?: Matrix; triggered?: Matrix };
  /** 2-D data: decision-boundary grid. */
  boundary?: ModelViews['boundary'];
}

async function probsOn(model: Model, data: UnlearningData, split: Split, idx: Int32Array): Promise<Matrix> {
  return mapChunks(data.dataset, split, idx, INFERENCE_ROWS, (x) => tf.tidy(() => tf.softmax(model.logits(x)) as tf.Tensor2D));
}

async function featuresOn(model: Model, data: UnlearningData, idx: Int32Array): Promise<Matrix> {
  return mapChunks(data.dataset, data.dataset.train, idx, INFERENCE_ROWS, (x) => model.features(x));
}

/** Predicted class and its probability on a grid over the 2-D training data's range. */
async function decisionBoundary(model: Model, data: UnlearningData): Promise<ModelViews['boundary']> {
  const ds = data.dataset;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < ds.train.n; i++) {
    const a = ds.train.x[2 * i] * ds.xScale;
    const b = ds.train.x[2 * i + 1] * ds.xScale;
    x0 = Math.min(x0, a); x1 = Math.max(x1, a); y0 = Math.min(y0, b); y1 = Math.max(y1, b);
  }
  const padX = (x1 - x0) * 0.08 || 1;
  const padY = (y1 - y0) * 0.08 || 1;
  const xs = Array.from({ length: BOUNDARY_GRID }, (_, i) => x0 - padX + ((x1 - x0 + 2 * padX) * i) / (BOUNDARY_GRID - 1));
  const ys = Array.from({ length: BOUNDARY_GRID }, (_, i) => y0 - padY + ((y1 - y0 + 2 * padY) * i) / (BOUNDARY_GRID - 1));
  const grid = new Float32Array(BOUNDARY_GRID * BOUNDARY_GRID * 2);
  ys.forEach((y, r) => xs.forEach((x, c) => {
    const o = (r * BOUNDARY_GRID + c) * 2;
    grid[o] = ds.normalization ? (x - ds.normalization.mean[0]) / ds.normalization.std[0] : x;
    grid[o + 1] = ds.normalization ? (y - ds.normalization.mean[1]) / ds.normalization.std[1] : y;
  }));
  const probs = tf.tidy(() => tf.softmax(model.logits(tf.tensor2d(grid, [BOUNDARY_GRID * BOUNDARY_GRID, 2]))));
  const p = (await probs.data()) as Float32Array;
  probs.dispose();
  const K = model.numClasses;
  const classes: number[][] = [];
  const confidence: number[][] = [];
  for (let r = 0; r < BOUNDARY_GRID; r++) {
    const cr: number[] = [];
    const pr: number[] = [];
    for (let c = 0; c < BOUNDARY_GRID; c++) {
      const o = (r * BOUNDARY_GRID + c) * K;
      let best = 0;
      for (let k = 1; k < K; k++) if (p[o + k] > p[o + best]) best = k;
      cr.push(best);
      pr.push(p[o + best]);
    }
    classes.push(cr);
    confidence.push(pr);
  }
  return { xs, ys, classes, confidence };
}

export async function collectOutputs(model: Model, data: UnlearningData): Promise<ModelOutputs> {
  const ds = data.dataset;
  const features = {
    retainRef: await featuresOn(model, data, data.retainRef),
    forget: await featuresOn(model, data, data.forget),
    test: await mapChunks(ds, ds.test, data.test, INFERENCE_ROWS, (x) => model.features(x)),
  };
  const probs: ModelOutputs['probs'] = {
    forget: await probsOn(model, data, ds.train, data.forget),
    retain: await probsOn(model, data, ds.train, data.retain),
    test: await probsOn(model, data, ds.test, data.test),
  };
  if (data.forgetClassTest?.length) probs.forgetClassTest = await probsOn(model, data, ds.test, data.forgetClassTest);
  if (data.backdoor) {
    const t = data.backdoor.triggeredTest;
    probs.triggered = await probsOn(model, data, t, Int32Array.from({ length: t.n }, (_, i) => i));
  }
  const out: ModelOutputs = { features, probs };
  if (ds.inputShape.length === 1 && ds.inputShape[0] === 2) out.boundary = await decisionBoundary(model, data);
  return out;
}

function labelsOf(split: Split, idx: Int32Array): Int32Array {
  return Int32Array.from(idx, (i) => split.y[i]);
}

export interface Evaluation {
  metrics: Metrics;
  spectrum: Spectrum;
  views: ModelViews;
}

/**
 * Every metric of one model that needs only its own outputs. Retain-relative
 * ones (avgGap, ToW, CKA) come from `relativeMetrics`.
 */
export function evaluateModel(o: ModelOutputs, data: UnlearningData, ev: EvalConfig, rng: Rng): Evaluation {
  const ds = data.dataset;
  const K = ds.numClasses;
  const yForget = labelsOf(ds.train, data.forget);
  const yRetain = labelsOf(ds.train, data.retain);
  const yTest = labelsOf(ds.test, data.test);
  const metrics: Metrics = {
    UA: 1 - accuracyFromProbs(o.probs.forget.data, K, yForget),
    RA: accuracyFromProbs(o.probs.retain.data, K, yRetain),
    TA: accuracyFromProbs(o.probs.test.data, K, yTest),
  };
  if (o.probs.forgetClassTest && data.forgetClassTest) {
    metrics.forgetTestAcc = accuracyFromProbs(o.probs.forgetClassTest.data, K, labelsOf(ds.test, data.forgetClassTest));
  }
  if (o.probs.triggered && data.backdoor) {
    // Attack success: triggered non-target test images classified as the target.
    const pred = o.probs.triggered;
    let hits = 0;
    for (let i = 0; i < pred.rows; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (pred.data[i * K + k] > pred.data[i * K + best]) best = k;
      if (best === data.backdoor.target) hits++;
    }
    metrics.ASR = pred.rows ? hits / pred.rows : 0;
  }

  const pForget = truthProbabilities(o.probs.forget.data, K, yForget);
  const pRetain = truthProbabilities(o.probs.retain.data, K, yRetain);
  const pTest = truthProbabilities(o.probs.test.data, K, yTest);
  const mia = miaEfficacy({ retain: pRetain, test: pTest, forget: pForget }, rng.fork('mia'));
  if (Number.isFinite(mia.MIA)) metrics.MIA = mia.MIA;
  if (Number.isFinite(mia.MIAthreshold)) metrics.MIAthreshold = mia.MIAthreshold;
  const lm = lossMia(crossEntropyFromProbs(o.probs.forget.data, K, yForget), crossEntropyFromProbs(o.probs.test.data, K, yTest), rng.fork('lossMia'));
  if (Number.isFinite(lm.lossMIA)) metrics.lossMIA = lm.lossMIA;

  const { retainRef, forget, test } = o.features;
  const daOpts = { tau: ev.daK ? undefined : ev.daTau, k: ev.daK, centered: ev.daCentered };
  let principal: number[] | undefined;
  // DA and the principal angles decompose the same Gram matrices as the eigenspectra (same centering).
  let spectrum: Spectrum | undefined;
  try {
    const da = daMetric(retainRef, forget, daOpts);
    metrics.DA = da.DA;
    metrics.daInfo = da.info;
    // Principal angles between the top-k retain and top-k forget eigenspaces (same k);
    // none when the retain features carry no energy (k = 0).
    if (da.info.k >= 1) {
      const fe = retainEigenspace(forget, { k: Math.min(da.info.k, Math.max(1, forget.rows - 1), forget.cols - 1), centered: ev.daCentered });
      principal = principalAngles(da.eigenspace.U, fe.U);
      spectrum = { retain: da.eigenspace.values, forget: fe.values };
    }
  } catch (err) {
    metrics.daInfo = { k: 0, tau: daOpts.tau ?? null, centered: ev.daCentered, note: err instanceof Error ? err.message : String(err) } as Metrics['daInfo'];
  }

  // LP: can a linear head read the forget labels off the features? The head is
  // trained on the retain reference plus the even-position half of D_f (sorted
  // indices) and scored on the odd half: trained on retain features alone it could
  // never predict a forgotten class (class-wise LP would be 0 by construction).
  // The halves depend on the data only, so a feature dump is enough to recompute LP.
  const fitHalf = Int32Array.from({ length: Math.ceil(forget.rows / 2) }, (_, i) => 2 * i);
  const scoreHalf = Int32Array.from({ length: Math.floor(forget.rows / 2) }, (_, i) => 2 * i + 1);
  if (scoreHalf.length > 0) {
    const fitX = stack(retainRef, takeRows(forget, fitHalf));
    const fitY = Int32Array.from([...labelsOf(ds.train, data.retainRef), ...Array.from(fitHalf, (i) => yForget[i])]);
    const lp = linearProbe(
      { X: fitX, y: fitY },
      { X: takeRows(forget, scoreHalf), y: Array.from(scoreHalf, (i) => yForget[i]) },
      { X: test, y: yTest },
      { numClasses: K, seed: rng.fork('lp/seed').uint32() },
    );
    metrics.LP = lp.LP;
    metrics.lpInfo = { ...lp.info, protocol: 'softmax head fit on the retain reference + the even-position half of D_f (sorted indices), scored on the odd half' };
  }

  // NMI / F1 on a forget sample ∪ the retain reference (sizes in clusterInfo): on D_f alone a
  // class-wise forget set has one label and every model read NMI = 0 (issue #13).
  if (forget.rows >= 2) {
    const yRef = labelsOf(ds.train, data.retainRef);
    const cl = forgetRetainClusterMetrics(forget, yForget, retainRef, yRef, { k: K, seed: rng.fork('cluster').uint32(), restarts: 5 });
    metrics.NMI = cl.NMI;
    metrics.F1 = cl.F1;
    metrics.clusterInfo = cl.info;
  }

  spectrum ??= spectra(retainRef, forget, ev.daCentered ? { center: true } : {});

  // Views for plots: a PCA of the model's own features (retain reference + forget), MIA score samples.
  const rPick = spreadPicks(retainRef.rows, VIEW_POINTS);
  const fPick = spreadPicks(forget.rows, VIEW_POINTS);
  const views: ModelViews = {};
  if (retainRef.cols >= 3 && retainRef.rows >= 3) {
    const pca = fitPca(retainRef, 3);
    const pts = stack(takeRows(retainRef, rPick), takeRows(forget, fPick));
    views.pca = {
      indices: [...Array.from(rPick, (i) => data.retainRef[i]), ...Array.from(fPick, (i) => data.forget[i])],
      labels: [...Array.from(rPick, (i) => ds.train.y[data.retainRef[i]]), ...Array.from(fPick, (i) => yForget[i])],
      isForget: [...Array.from(rPick, () => false), ...Array.from(fPick, () => true)],
      coords: projectPca(pca, pts),
    };
  }
  if (principal) views.principalAngles = principal;
  views.miaScores = {
    forget: Array.from(spreadPicks(pForget.length, VIEW_POINTS), (i) => pForget[i]),
    test: Array.from(spreadPicks(pTest.length, VIEW_POINTS), (i) => pTest[i]),
    retain: Array.from(spreadPicks(pRetain.length, VIEW_POINTS), (i) => pRetain[i]),
  };
  if (o.boundary) views.boundary = o.boundary;
  return { metrics, spectrum, views };
}

function stack(a: Matrix, b: Matrix): Matrix {
  const data = new Float32Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { rows: a.rows + b.rows, cols: a.cols, data };
}

interface Reference {
  outputs: ModelOutputs;
  result: { metrics: Metrics };
}

/** Metrics against Retrain (avgGap, ToW, CKA) and Original (CKA), when those exist. */
export function relativeMetrics(o: ModelOutputs, m: Metrics, retrain?: Reference, original?: Reference): Partial<Metrics> {
  const out: Partial<Metrics> = {};
  if (retrain) {
    out.avgGap = avgGap(m, retrain.result.metrics);
    out.ToW = tugOfWar(m, retrain.result.metrics);
    out.CKAvsRetrain = linearCKA(o.features.forget, retrain.outputs.features.forget);
  }
  if (original) out.CKAvsOriginal = linearCKA(o.features.forget, original.outputs.features.forget);
  return out;
}
