/**
 * Membership inference, two ways (docs/metrics.md).
 *
 * MIA-efficacy, the SalUn / ℓ1-sparse protocol (Unlearn-Sparse
 * `evaluation/SVC_MIA.py`, its "confidence" entry, as main_forget.py calls it
 * for `SVC_MIA_forget_efficacy`): feature = softmax probability of the true
 * label. An RBF SVC (scikit-learn `SVC(C=3, gamma="auto")`, here `svc.ts`)
 * learns member vs non-member on members = |D_t| samples of D_r (shadow
 * train) and non-members = D_t (shadow test), then labels D_f; the score is
 * the share of D_f it calls non-member (higher = more forgotten; target =
 * Retrain's value). In class-wise scenarios D_t is the test set without the
 * forgotten class, as the reference's loaders drop it: the caller passes the
 * scenario's test list, which already excludes it (scenarios.ts).
 * A 1-D optimal-threshold attacker on the same pairs gives a second,
 * transparent value (MIAthreshold): one cut the reader can see on the MIA
 * histogram.
 *
 * Loss-MIA: per-sample cross-entropy of D_f vs D_t, logistic regression on
 * the 1-D loss, mean accuracy over stratified K-fold splits (≈ 0.5 = the
 * two are indistinguishable, as for Retrain).
 */
import type { Rng } from '../random';
import { fitSvc, svcDecision, type SvcModel, type SvcOptions } from './svc';

export interface ThresholdAttacker {
  /** A sample is called a non-member iff its feature is < threshold (−∞: nobody, +∞: everybody). */
  threshold: number;
  /** Balanced accuracy (mean of member and non-member recall) on the attacker's training pairs. */
  trainAccuracy: number;
}

/**
 * The 1-D optimal-threshold attacker. Direction is fixed: members are the
 * *more* confident ones (a model fits its training data), so "non-member iff
 * p < t". Searches every cut between distinct feature values and keeps the
 * best balanced accuracy (equal to plain accuracy when both sides are the
 * same size, as the protocol makes them; robust when they are not).
 * Ties keep the lowest threshold: without evidence, the attacker calls a
 * sample a member. So a model that is equally confident on everyone gives
 * the attacker nothing, it calls everyone a member, and MIA-efficacy = 0:
 * that is this attacker's baseline.
 * Thresholds are midpoints between neighbouring distinct values.
 */
export function fitThresholdAttacker(members: ArrayLike<number>, nonMembers: ArrayLike<number>): ThresholdAttacker {
  const nm = members.length;
  const nn = nonMembers.length;
  if (nm === 0 || nn === 0) return { threshold: -Infinity, trainAccuracy: NaN };
  const all: { v: number; member: boolean }[] = [];
  for (let i = 0; i < nm; i++) all.push({ v: members[i], member: true });
  for (let i = 0; i < nn; i++) all.push({ v: nonMembers[i], member: false });
  all.sort((a, b) => a.v - b.v);
  // Threshold −∞: every sample called a member.
  let membersBelow = 0;
  let nonMembersBelow = 0;
  let best = { threshold: -Infinity, trainAccuracy: 0.5 };
  let i = 0;
  while (i < all.length) {
    const v = all[i].v;
    while (i < all.length && all[i].v === v) {
      if (all[i].member) membersBelow++; else nonMembersBelow++;
      i++;
    }
    const acc = 0.5 * (nonMembersBelow / nn + (nm - membersBelow) / nm);
    if (acc > best.trainAccuracy) {
      best = { threshold: i < all.length ? 0.5 * (v + all[i].v) : Infinity, trainAccuracy: acc };
    }
  }
  return best;
}

export interface MiaEfficacyInput {
  /** Truth probabilities on the retain set D_r (members are drawn from it). */
  retain: ArrayLike<number>;
  /** Truth probabilities on the test set D_t (the non-members; class-wise: without the forgotten class). */
  test: ArrayLike<number>;
  /** Truth probabilities on the forget set D_f (scored). */
  forget: ArrayLike<number>;
}

export interface MiaEfficacyOptions {
  /**
   * At most this many non-members (a seeded sample of D_t) and as many
   * members (default 2000). The reference fits on all of D_t (10,000 on
   * CIFAR-10), but SMO costs about n² kernel evaluations: on synthetic
   * confidences of Fashion-MNIST's size, 2 × 9,000 took 8 s per model and
   * 2 × 2,000 0.3–0.5 s, for a score of 0.355 vs 0.337–0.341 (four seeds).
   * MNIST's 2,000-sample test set stays whole.
   */
  maxPerSide?: number;
  /** Attacker settings; default the reference's C = 3, γ = 'auto' (= 1 for one feature), ε = 1e-3. */
  svc?: SvcOptions;
}

export interface MiaEfficacyResult {
  /** SVC attacker: share of D_f called non-member, in [0, 1]; NaN when a set is empty. */
  MIA: number;
  /** Threshold attacker on the same pairs: share of D_f below its cut; NaN when a set is empty. */
  MIAthreshold: number;
  /** Members the attackers were fitted on: min(|D_r|, non-members). */
  members: number;
  /** Non-members they were fitted on: min(|D_t|, maxPerSide). */
  nonMembers: number;
  thresholdAttacker: ThresholdAttacker;
  /** The SVC's fit; null when a set is empty. trainAccuracy: balanced (mean of both recalls), on its own training pairs. */
  svc: { supportVectors: number; iterations: number; converged: boolean; trainAccuracy: number } | null;
}

/** `k` of `values`, drawn with `rng` (all of them when k ≥ length), in their original order. */
function sampleSorted(values: ArrayLike<number>, k: number, rng: Rng): Float64Array {
  if (k >= values.length) return Float64Array.from(values);
  const idx = rng.sample(values.length, k).sort();
  return Float64Array.from(idx, (i) => values[i]);
}

/** Share of `xs` the attacker calls non-member (f(x) > 0, the +1 class). */
function shareNonMember(model: SvcModel, xs: ArrayLike<number>): number {
  // Confidences repeat a lot (a float32 softmax saturates at 1): score each distinct value once.
  const distinct = Float64Array.from(new Set(Array.from(xs)));
  const f = svcDecision(model, distinct);
  const positive = new Set<number>();
  distinct.forEach((v, k) => { if (f[k] > 0) positive.add(v); });
  let hits = 0;
  for (let i = 0; i < xs.length; i++) if (positive.has(xs[i])) hits++;
  return hits / xs.length;
}

/**
 * MIA-efficacy. `rng` draws the members from D_r (and the non-members from
 * D_t when it exceeds `maxPerSide`).
 *
 * The SVC sees the non-members first as its +1 class, then the members as
 * −1: scikit-learn sorts the labels (non-member 0 before member 1) and libsvm
 * groups the samples by label, so the solver walks the same order. D_f's
 * samples with f(x) > 0 are called non-member (a tie, f = 0, is a member, as
 * libsvm breaks it).
 */
export function miaEfficacy(input: MiaEfficacyInput, rng: Rng, opts: MiaEfficacyOptions = {}): MiaEfficacyResult {
  const { retain, test, forget } = input;
  const nonMembers = sampleSorted(test, Math.min(test.length, opts.maxPerSide ?? 2000), rng.fork('nonMembers'));
  const members = sampleSorted(retain, Math.min(retain.length, nonMembers.length), rng.fork('members'));
  const thresholdAttacker = fitThresholdAttacker(members, nonMembers);
  const sizes = { members: members.length, nonMembers: nonMembers.length };
  if (forget.length === 0 || members.length === 0 || nonMembers.length === 0) {
    return { MIA: NaN, MIAthreshold: NaN, ...sizes, thresholdAttacker, svc: null };
  }
  let below = 0;
  for (let i = 0; i < forget.length; i++) if (forget[i] < thresholdAttacker.threshold) below++;

  const x = new Float64Array(nonMembers.length + members.length);
  x.set(nonMembers);
  x.set(members, nonMembers.length);
  const y = Int8Array.from(x, (_, i) => (i < nonMembers.length ? 1 : -1));
  const fit = fitSvc(x, 1, y, { C: 3, gamma: 'auto', tolerance: 1e-3, ...opts.svc });
  let nonMemberHits = 0, memberHits = 0;
  fit.trainDecision.forEach((f, i) => {
    if (i < nonMembers.length) { if (f > 0) nonMemberHits++; } else if (f <= 0) memberHits++;
  });
  const trainAccuracy = 0.5 * (nonMemberHits / nonMembers.length + memberHits / members.length);
  return {
    MIA: shareNonMember(fit, forget),
    MIAthreshold: below / forget.length,
    ...sizes,
    thresholdAttacker,
    svc: { supportVectors: fit.dualCoef.length, iterations: fit.iterations, converged: fit.converged, trainAccuracy },
  };
}

// ---------------------------------------------------------------- loss-MIA

export interface LossMiaOptions {
  /** Stratified folds (default 5; fewer when a side has fewer samples). */
  folds?: number;
  /** Newton steps of the logistic regression (default 25). */
  iterations?: number;
  /** L2 penalty on the weight, as scikit-learn's default LogisticRegression (C = 1): ½·l2·w². */
  l2?: number;
}

export interface LossMiaResult {
  /** Mean held-out accuracy over the folds, in [0, 1]; NaN with < 2 samples a side. */
  lossMIA: number;
  foldAccuracies: number[];
  /** Samples per side after subsampling: min(|D_f|, |D_t|). */
  perSide: number;
}

/**
 * 1-D logistic regression p(y = 1 | x) = σ(w x + b) by Newton's method on
 * the penalised log-loss; x should be standardised. Fixed iterations, so the
 * result is deterministic; 1-D Newton converges in a handful.
 */
export function fitLogistic1D(x: ArrayLike<number>, y: ArrayLike<number>, iterations = 25, l2 = 1): { w: number; b: number } {
  let w = 0;
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    let gw = l2 * w, gb = 0, hww = l2, hwb = 0, hbb = 1e-9; // tiny ridge on b keeps H invertible
    for (let i = 0; i < x.length; i++) {
      const p = 1 / (1 + Math.exp(-(w * x[i] + b)));
      const r = p - y[i];
      const s = p * (1 - p);
      gw += r * x[i]; gb += r;
      hww += s * x[i] * x[i]; hwb += s * x[i]; hbb += s;
    }
    const det = hww * hbb - hwb * hwb;
    if (!(det > 0)) break;
    const dw = (hbb * gw - hwb * gb) / det;
    const db = (hww * gb - hwb * gw) / det;
    w -= dw; b -= db;
    if (Math.abs(dw) + Math.abs(db) < 1e-12) break;
  }
  return { w, b };
}

function standardise(train: number[], values: number[]): number[] {
  const mean = train.reduce((a, v) => a + v, 0) / train.length;
  const variance = train.reduce((a, v) => a + (v - mean) ** 2, 0) / train.length;
  const std = Math.sqrt(variance);
  return values.map((v) => (std > 0 ? (v - mean) / std : 0));
}

/**
 * Loss-MIA. forgetLosses: CE per D_f sample; testLosses: CE per D_t sample.
 * The larger side is subsampled (seeded) to the smaller, so the folds are
 * balanced and 0.5 means chance. Folds: each side shuffled with `rng`, the
 * i-th sample of a side goes to fold i mod K (stratified).
 */
export function lossMia(forgetLosses: ArrayLike<number>, testLosses: ArrayLike<number>, rng: Rng, opts: LossMiaOptions = {}): LossMiaResult {
  const n = Math.min(forgetLosses.length, testLosses.length);
  if (n < 2) return { lossMIA: NaN, foldAccuracies: [], perSide: n };
  const K = Math.min(opts.folds ?? 5, n);
  const forget = Array.from(rng.fork('forget').sample(forgetLosses.length, n), (i) => forgetLosses[i]);
  const test = Array.from(rng.fork('test').sample(testLosses.length, n), (i) => testLosses[i]);
  const folds = rng.fork('folds');
  const foldOf = (side: number[]) => {
    const order = folds.shuffle(Int32Array.from({ length: side.length }, (_, i) => i));
    const f = new Int32Array(side.length);
    order.forEach((sampleIndex, position) => { f[sampleIndex] = position % K; });
    return f;
  };
  const foldForget = foldOf(forget);
  const foldTest = foldOf(test);

  const foldAccuracies: number[] = [];
  for (let fold = 0; fold < K; fold++) {
    const trainX: number[] = [], trainY: number[] = [], heldX: number[] = [], heldY: number[] = [];
    const put = (v: number, label: number, f: number) => {
      if (f === fold) { heldX.push(v); heldY.push(label); } else { trainX.push(v); trainY.push(label); }
    };
    forget.forEach((v, i) => put(v, 1, foldForget[i]));
    test.forEach((v, i) => put(v, 0, foldTest[i]));
    const { w, b } = fitLogistic1D(standardise(trainX, trainX), trainY, opts.iterations ?? 25, opts.l2 ?? 1);
    const xs = standardise(trainX, heldX);
    let hits = 0;
    xs.forEach((v, i) => { if ((w * v + b >= 0 ? 1 : 0) === heldY[i]) hits++; });
    foldAccuracies.push(hits / heldY.length);
  }
  return { lossMIA: foldAccuracies.reduce((a, v) => a + v, 0) / K, foldAccuracies, perSide: n };
}
