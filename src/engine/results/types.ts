/**
 * The Results schema (docs/contracts.md, docs/metrics.md) as types: what a results
 * file holds once parse.ts has checked it, and what the engine builds while it runs.
 */
import type { ExperimentConfig } from '../config';
import type { TuningReport } from '../tuning/report';

export interface DAInfo {
  k: number;
  /** Energy share that picked k; null when k was fixed. */
  tau: number | null;
  centered: boolean;
  /** Numerical rank of the retain features (k < rank is enforced). */
  rank?: number;
  /** Why k differs from what was asked (clamped below the rank), or why DA is degenerate. */
  note?: string;
}
export interface LPInfo { epochs: number; lr: number; seed: number; trainSize: number; testAcc: number; protocol?: string }
export interface ClusterInfo {
  k: number;
  seed: number;
  restarts: number;
  /** Samples clustered: forget rows and retain reference rows (absent in files from before the forget ∪ retain protocol). */
  forgetSize?: number;
  retainSize?: number;
  protocol?: string;
}
/** How relearnSteps was measured (metrics/relearn.ts). */
export interface RelearnInfo {
  capSteps: number;
  /** False when the cap was hit: relearnSteps is then a lower bound. */
  reached: boolean;
  lr: number;
  /** The level on the check samples: 0.5 × the Original's accuracy there. */
  targetAccuracy: number;
  /** Forget and retain samples fitted at every step; held-out forget samples the accuracy is read on. */
  forgetFit: number;
  retainFit: number;
  check: number;
  protocol: string;
}

/** Every metric of docs/metrics.md. Fractions in [0, 1] except relearnSteps. */
export interface Metrics {
  UA: number;
  RA: number;
  TA: number;
  forgetTestAcc?: number;
  /** MIA-efficacy with the reference's RBF-SVC attacker. */
  MIA?: number;
  /** MIA-efficacy with a 1-D optimal-threshold attacker on the same pairs. */
  MIAthreshold?: number;
  lossMIA?: number;
  avgGap?: number;
  ToW?: number;
  DA?: number;
  LP?: number;
  NMI?: number;
  F1?: number;
  CKAvsRetrain?: number;
  CKAvsOriginal?: number;
  relearnSteps?: number;
  /** Backdoor scenario: attack success rate on triggered test images. */
  ASR?: number;
  daInfo?: DAInfo;
  lpInfo?: LPInfo;
  clusterInfo?: ClusterInfo;
  relearnInfo?: RelearnInfo;
}

export type NumericMetric = Exclude<keyof Metrics, 'daInfo' | 'lpInfo' | 'clusterInfo' | 'relearnInfo'>;

export interface Spectrum {
  /** Eigenvalues of X_rᵀX_r, descending, normalised to sum 1. */
  retain: number[];
  /** Eigenvalues of X_fᵀX_f, descending, normalised to sum 1. */
  forget: number[];
}

/** One point of a live curve, recorded while a method runs. */
export interface CurvePoint {
  step: number;
  loss: number;
  UA?: number;
  TA?: number;
  RA?: number;
  DA?: number;
  MIA?: number;
}

export type RunStatus = 'ok' | 'stopped-early' | 'diverged' | 'cancelled' | 'failed';

/** Plain-data views for plots that need more than the metrics. */
export interface ModelViews {
  /** Principal angles (radians) between top-k retain and top-k forget eigenspaces. */
  principalAngles?: number[];
  /** 2-D / 3-D PCA of features (shared basis across models, from Original's retain ref). */
  pca?: { indices: number[]; labels: number[]; isForget: boolean[]; coords: number[][] };
  /**
   * The feature scatter over the unlearning steps: at each curve probe, the curve
   * subsets' features on one 2-D basis for the whole run (the PCA of the retain
   * features at step 0, i.e. the Original's). coords[s][p] = [PC1, PC2] of point p at steps[s].
   */
  pcaSteps?: FeatureSteps;
  /** Decision-boundary grid on 2-D data: probabilities of the argmax class. */
  boundary?: { xs: number[]; ys: number[]; classes: number[][]; confidence: number[][] };
  /** Membership-inference scores (probability of the true label) per group. */
  miaScores?: { forget: number[]; test: number[]; retain: number[] };
}

export interface FeatureSteps {
  indices: number[];
  labels: number[];
  isForget: boolean[];
  steps: number[];
  coords: number[][][];
}

export interface ModelResult {
  /** Method id for unlearned models; absent for Original. */
  method?: string;
  /** What tables and plots call this model when a method ran more than once (methodInstances.ts). */
  label?: string;
  params?: Record<string, unknown>;
  seed: number;
  /** Wall time of training / unlearning itself (RTE), excluding evaluation. */
  timeMs: number;
  status?: RunStatus;
  /** Why it stopped early, diverged or failed. */
  message?: string;
  /**
   * The run could stop on the oracle rule (methods/earlyStop.ts): it read
   * Retrain's forget accuracy and the test set, which no real unlearner has.
   * Tables and CSV mark it. Absent = it did not.
   */
  oracleStop?: true;
  metrics: Metrics;
  spectrum: Spectrum;
  curves: CurvePoint[];
  views?: ModelViews;
  /** With eval.seeds > 1: one result per seed, and their mean / std. */
  runs?: ModelResult[];
  mean?: Partial<Record<NumericMetric, number>>;
  std?: Partial<Record<NumericMetric, number>>;
}

export interface Environment {
  backend: string;
  skipped: Record<string, string>;
  runtime: string;
  device: string;
  /** Each mid-run fallback, in order: "webgpu → wasm: why (during which step)". Absent when none happened. */
  fallbacks?: string[];
}

export interface Results {
  schemaVersion: 1;
  config: ExperimentConfig;
  environment: Environment;
  split: { train: number; test: number; forget: number; retain: number };
  models: Record<string, ModelResult>;
  /** When the run started (ISO 8601) and the lab version. */
  createdAt?: string;
  labVersion?: string;
  /** Written by `npm run lab -- tune`: every trial, the choice, the held-out values (tuning/report.ts). */
  tuning?: TuningReport;
}
