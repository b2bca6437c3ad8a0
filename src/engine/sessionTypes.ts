/**
 * Plain-data previews the engine hands to the UI (structured-clone safe).
 */
import type { ScenarioConfig } from './config';

export interface DataSummary {
  name: string;
  inputShape: number[];
  numClasses: number;
  classNames: string[];
  split: { train: number; test: number; forget: number; retain: number; retainReference: number };
  scenario: ScenarioConfig;
  /** Training-set indices of the forget set (sorted). */
  forget: number[];
  /** Training labels (as used for training, e.g. after sub-class merging). */
  trainLabels: number[];
  /** 2-D data: the training points (raw coordinates), for scatter, click and lasso. */
  points?: { x: number[]; y: number[] };
  /** Images: greyscale thumbnails of the training set, bytes row-major (n × h × w), for the grid. */
  thumbnails?: { width: number; height: number; pixels: Uint8Array };
  /** Per-class count of the forget set. */
  forgetClassCounts: number[];
}

/** Class probabilities of some training samples under every model that exists so far. */
export interface ProbeResult {
  indices: number[];
  /** modelId → one probability row per index. */
  probabilities: Record<string, number[][]>;
}
