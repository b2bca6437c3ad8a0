/**
 * Typed events the engine streams while an experiment runs. The worker
 * forwards them unchanged; the UI store folds them into state; the CLI prints
 * them on stderr. Plain data only (structured-clone safe).
 */
import type { BackendReport } from './backend';
import type { CurvePoint, ModelResult, Results } from './results';
import type { TrialRecord } from './tuning/report';

export type Phase = 'data' | 'train' | 'unlearn' | 'evaluate';

/** How a model's training steps are computed: the fused WebGPU kernels, or tfjs ops and why not fused. */
export type TrainPath = { kind: 'fused'; dispatchesPerStep: number } | { kind: 'tfjs'; reason: string };

/** How a model's training steps are computed: "the fused WebGPU path (11 dispatches/step)" or "tfjs ops: <why not fused>". */
export function describeTrainPath(path: TrainPath): string {
  return path.kind === 'fused' ? `the fused WebGPU path (${path.dispatchesPerStep} dispatches/step)` : `tfjs ops: ${path.reason}`;
}

export type LabEvent =
  | { type: 'backend'; report: BackendReport }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'phase'; phase: Phase; modelId: string; label: string }
  /** Long work: fraction done in [0, 1], estimated time left. */
  | { type: 'progress'; modelId: string; fraction: number; etaMs: number; message: string }
  /** Sent before a model's training starts: which path train() takes for it. */
  | { type: 'train-path'; modelId: string; path: TrainPath }
  | { type: 'train-step'; modelId: string; epoch: number; step: number; loss: number; acc?: number }
  | { type: 'curve'; modelId: string; point: CurvePoint }
  | { type: 'model-done'; modelId: string; result: ModelResult }
  | { type: 'done'; results: Results }
  /** One finished tuning trial of `method` (the page's Tune): its parameters, objective and gaps to Retrain. */
  | { type: 'tune-trial'; method: string; trial: TrialRecord }
  | { type: 'error'; modelId?: string; message: string };

export type EventSink = (e: LabEvent) => void;
