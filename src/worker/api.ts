/**
 * The contract between the UI (main thread) and the engine (Web Worker),
 * exposed with comlink. Plain data in, plain data out; events stream through
 * the `onEvent` callback (a comlink proxy). The UI never imports tfjs.
 */
import type { ExperimentConfig, MethodRun, ScenarioConfig } from '../engine/config';
import type { LabEvent } from '../engine/events';
import type { ModelResult, Results } from '../engine/results';
import type { DataSummary, ProbeResult } from '../engine/sessionTypes';
import type { MethodInfo } from '../engine/methods/types';
import type { BackendReport } from '../engine/backend';
import type { UploadedData } from '../engine/data/load';
import type { WeightSnapshot } from '../engine/models/model';
import type { Objective, TrialRecord } from '../engine/tuning/report';

/** Most trials `tuneMethod` runs: a page's Tune runs in a browser tab; a larger budget belongs to the command line (`lab tune`). */
export const MAX_TUNE_TRIALS = 50;

/** What the page tells the worker at start. */
export interface WorkerInit {
  /** `?backend=` of the page: try this backend first. */
  backend?: string;
  /** The app's base URL (Vite's BASE_URL resolved against the page), where data/ and wasm/ live. */
  baseUrl: string;
}

/** The engine's tensor memory (tf.memory() in the worker): what the leak check and the browser benchmark read. */
export interface MemoryStats {
  backend: string;
  numTensors: number;
  numBytes: number;
  /** GPU backends (webgl, webgpu) only: bytes held on the GPU. */
  numBytesInGPU?: number;
}

export interface LabWorkerApi {
  /** Selects the tfjs backend (first command; every other command waits for it). Emits a `backend` event. */
  init(opts: WorkerInit): Promise<BackendReport>;
  /** Registers uploaded data, referenced by `dataset.options.upload = name`. */
  addUpload(data: UploadedData): Promise<void>;
  /** Weights of a model of this session, for storing with the run. */
  exportWeights(modelId: string): Promise<WeightSnapshot>;
  /** Registered methods with their parameter schemas (for forms). */
  listMethods(): Promise<MethodInfo[]>;
  /**
   * Loads the dataset and builds the forget scenario of `config`
   * (fast; call again when the dataset or scenario changes). Previews for the UI.
   */
  prepare(config: ExperimentConfig): Promise<DataSummary>;
  /** Changes only the forget set; keeps a trained Original when the scenario does not change training data. */
  setScenario(scenario: ScenarioConfig): Promise<DataSummary>;
  /** Trains the Original model (reuses it when config is unchanged). */
  trainOriginal(): Promise<ModelResult>;
  /** Puts back an Original trained earlier under this config (its weights were kept across a reload) instead of training it. */
  restoreOriginal(snapshot: WeightSnapshot, timeMs: number): Promise<ModelResult>;
  /** Runs Retrain or an unlearning method on a fresh copy of Original. */
  /** Stored under `modelId` (default: the method id), for a further run of a method (engine/methodInstances.ts). */
  runMethod(run: MethodRun, modelId?: string): Promise<ModelResult>;
  /** The Results of everything run in this session so far. */
  results(): Promise<Results>;
  /** Class probabilities of training samples under each model (hover). */
  probe(indices: number[]): Promise<ProbeResult>;
  /** Full experiment as the CLI runs it. */
  runExperiment(config: ExperimentConfig): Promise<Results>;
  /**
   * Tunes one method on `config` in a session of its own (worker/tuneMethod.ts):
   * `trials` trials, trial 0 the method's first run in `config.methods` as is,
   * each finished one streamed as a `tune-trial` event (1 to MAX_TUNE_TRIALS
   * trials). Returns the finished trials; a cancel keeps them.
   */
  tuneMethod(config: ExperimentConfig, methodId: string, trials: number, objective: Objective): Promise<TrialRecord[]>;
  /** Cancels the running step within a second; finished work is kept. */
  cancel(): Promise<void>;
  /** TEST HOOK (e2e only): marks the current backend's device lost, as a real GPU device loss would; returns the backend marked. */
  simulateDeviceLoss(): Promise<string>;
  /** Subscribes to the event stream. */
  subscribe(onEvent: (e: LabEvent) => void): Promise<void>;
  /**
   * Subscribes to the event stream in batches (about every 100 ms, at once for
   * phases, finished models and errors): what the page uses, so that hundreds of
   * events per second do not become hundreds of main-thread tasks.
   */
  subscribeBatch(onEvents: (events: LabEvent[]) => void): Promise<void>;
}

/** What the leak check and the browser benchmark read besides the UI's API (the page exposes it only with ?testHooks=1). */
export interface LabWorkerProbes {
  /** Tensor memory of the engine now (after the backend is ready); not queued, so it can be read while a command runs. */
  memory(): Promise<MemoryStats>;
}
