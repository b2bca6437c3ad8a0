/**
 * The Results schema (contracts.md, metrics.md): the one format the UI shows,
 * the CLI writes, exports save, imports validate and tests assert on.
 */
import type { ExperimentConfig } from './config';

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
export interface ClusterInfo { k: number; seed: number; restarts: number }

/** Every metric of metrics.md. Fractions in [0, 1] except relearnSteps. */
export interface Metrics {
  UA: number;
  RA: number;
  TA: number;
  forgetTestAcc?: number;
  MIA?: number;
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
}

export type NumericMetric = Exclude<keyof Metrics, 'daInfo' | 'lpInfo' | 'clusterInfo'>;

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
  /** Decision-boundary grid on 2-D data: probabilities of the argmax class. */
  boundary?: { xs: number[]; ys: number[]; classes: number[][]; confidence: number[][] };
  /** Membership-inference scores (probability of the true label) per group. */
  miaScores?: { forget: number[]; test: number[]; retain: number[] };
}

export interface ModelResult {
  /** Method id for unlearned models; absent for Original. */
  method?: string;
  params?: Record<string, unknown>;
  seed: number;
  /** Wall time of training / unlearning itself (RTE), excluding evaluation. */
  timeMs: number;
  status?: RunStatus;
  /** Why it stopped early, diverged or failed. */
  message?: string;
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
  /** Backends actually used, when a fallback happened mid-run. */
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
}
