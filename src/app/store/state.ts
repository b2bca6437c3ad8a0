/**
 * The UI's one state: what the worker has told us (folded from LabEvents) and
 * what the person has chosen (config, selection, method forms). Plain data;
 * the reducer (reducer.ts) is the only thing that makes a new one.
 */
import { DEFAULT_PINNED, type PlotViewId } from './pinnedViews';
import type { BackendReport } from '../../engine/backend';
import type { ExperimentConfig } from '../../engine/config';
import type { Phase, TrainPath } from '../../engine/events';
import type { CurvePoint, ModelResult, Results } from '../../engine/results';
import type { DataSummary } from '../../engine/sessionTypes';
import type { MethodInfo, ParamValues } from '../../engine/methods/types';
import type { TrialRecord } from '../../engine/tuning/report';
import type { RunRecord } from '../storage/runStore';

export interface Preset {
  file: string;
  title: string;
  comment: string;
  config: ExperimentConfig;
}

export interface TrainPoint {
  /** Global step count of this model's training (monotone across epochs). */
  step: number;
  /** The step as the engine reported it (may restart each epoch). */
  rawStep: number;
  epoch: number;
  loss: number;
  acc?: number;
}

export interface ProgressState {
  modelId: string;
  fraction: number;
  etaMs: number;
  message: string;
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
}

export interface MethodChoice {
  checked: boolean;
  params: ParamValues;
}

/** The page's Tune of one method: its trials so far, on the page's config. */
export interface TuningState {
  method: string;
  /** Trials asked for, trial 0 included. */
  budget: number;
  /** The method's form when Tune was pressed: trial 0 ran it as is, every other trial with its tuned parameters on top. */
  base: ParamValues;
  /** Finished trials, by index. */
  trials: TrialRecord[];
  running: boolean;
}

export type Busy = { command: string; label: string } | null;

export interface LabState {
  /** The experiment as edited in the panels (also what the URL shares). */
  config: ExperimentConfig;
  methods: MethodInfo[];
  /** Method id → checkbox and parameter values (defaults filled from the schema). */
  methodChoices: Record<string, MethodChoice>;
  backend: BackendReport | null;
  data: DataSummary | null;
  dataStatus: 'idle' | 'loading' | 'ready' | 'error';
  /** Hand-picked forget indices (sorted, unique) before they become a scenario. */
  selection: number[];
  /** The command the worker is doing now, and how many wait behind it. */
  busy: Busy;
  queued: number;
  phase: { phase: Phase; modelId: string; label: string } | null;
  progress: ProgressState | null;
  /** modelId → training steps (Original, Retrain), decimated when long. */
  trainHistory: Record<string, TrainPoint[]>;
  /** modelId → how its training steps were computed (fused WebGPU kernels or tfjs ops). */
  trainPaths: Record<string, TrainPath>;
  /** modelId → live curve points while a method runs (replaced by the result's curves when done). */
  curves: Record<string, CurvePoint[]>;
  /** modelId → finished result. */
  models: Record<string, ModelResult>;
  /** Last Results from the worker (config, environment, split, models). */
  results: Results | null;
  logs: LogLine[];
  /** One message for the person (an error or a notice), shown until dismissed. */
  notice: { kind: 'error' | 'info'; text: string } | null;
  largeType: boolean;
  /** The plots kept in view beside the controls (store/pinnedViews.ts). */
  pinnedViews: PlotViewId[];
  /** Stored runs (IndexedDB), newest first; null until loaded or when storage is unavailable. */
  runs: RunRecord[] | null;
  /** Stored runs chosen for the Compare table and the runs scatter. */
  compareRunIds: string[];
  presets: Preset[];
  /** The last Tune (one method at a time); null before any, and after the data or forget set changes. */
  tuning: TuningState | null;
  /** Bumped by every event that changes plotted data, so plots can tell cheaply whether to redraw. */
  revision: number;
}

export function initialState(config: ExperimentConfig): LabState {
  return {
    config,
    methods: [],
    methodChoices: {},
    backend: null,
    data: null,
    dataStatus: 'idle',
    selection: [],
    busy: null,
    queued: 0,
    phase: null,
    progress: null,
    trainHistory: {},
    trainPaths: {},
    curves: {},
    models: {},
    results: null,
    logs: [],
    notice: null,
    largeType: false,
    pinnedViews: [...DEFAULT_PINNED],
    runs: null,
    compareRunIds: [],
    presets: [],
    tuning: null,
    revision: 0,
  };
}
