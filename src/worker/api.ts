/**
 * The contract between the UI (main thread) and the engine (Web Worker),
 * exposed with comlink. Plain data in, plain data out; events stream through
 * the `onEvent` callback (a comlink proxy). The UI never imports tfjs.
 */
import type { ExperimentConfig, MethodRun, ScenarioConfig } from '../engine/config';
import type { LabEvent } from '../engine/events';
import type { ModelResult, Results } from '../engine/results';
import type { DataSummary, ProbeResult } from '../engine/session';
import type { MethodInfo } from '../engine/methods/types';

export interface LabWorkerApi {
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
  /** Runs Retrain or an unlearning method on a fresh copy of Original. */
  runMethod(run: MethodRun): Promise<ModelResult>;
  /** The Results of everything run in this session so far. */
  results(): Promise<Results>;
  /** Class probabilities of training samples under each model (hover). */
  probe(indices: number[]): Promise<ProbeResult>;
  /** Full experiment as the CLI runs it. */
  runExperiment(config: ExperimentConfig): Promise<Results>;
  /** Cancels the running step within a second; finished work is kept. */
  cancel(): Promise<void>;
  /** Subscribes to the event stream. */
  subscribe(onEvent: (e: LabEvent) => void): Promise<void>;
}
