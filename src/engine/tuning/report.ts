/**
 * The `tuning` section of a Results file (docs/contracts.md): per method,
 * every trial with its parameters and its objective on the validation seed,
 * the chosen trial, and the held-out seeds' values of the chosen setting and
 * of the defaults.
 */
import type { Metrics } from '../results';
import { meanStd } from '../stats';

/** avgGap: mean |Δ| of UA, RA, TA, MIA to Retrain (lower is better); ToW: tug of war (higher is better). */
export type Objective = 'avgGap' | 'ToW';
export const OBJECTIVES: readonly Objective[] = ['avgGap', 'ToW'];

export interface TrialRecord {
  /** 0 is always the method's defaults. */
  index: number;
  /** Only the tuned parameters; the rest keep their defaults. */
  params: Record<string, number | string | boolean>;
  /** The objective on the validation seed; null when the run failed or the value is not finite. */
  objective: number | null;
  status: string;
  /**
   * The two sides of the trade-off, in percentage points from Retrain on the
   * validation seed: forgetting |ΔUA| + |ΔMIA|, utility |ΔRA| + |ΔTA| (a Pareto plot's axes).
   */
  gaps?: { forget: number; utility: number };
}

export interface HeldOutSummary {
  /** The objective on each held-out seed, in seed order. */
  values: number[];
  mean: number;
  std: number;
}

export interface MethodTuning {
  trials: TrialRecord[];
  /** Index of the chosen trial; null when no trial gave a finite objective. */
  chosen: number | null;
  /** Absent when tuning was cancelled before the held-out runs. */
  heldOut?: { chosen: HeldOutSummary; defaults: HeldOutSummary };
}

export interface TuningReport {
  objective: Objective;
  /** Trials per method, defaults included: every method gets the same budget. */
  trialsPerMethod: number;
  validationSeed: number;
  heldOutSeeds: number[];
  /** Model id of the chosen setting in `models` is the method id; the defaults run as `<id>#defaults` (once, as the method id, when they were chosen). */
  methods: Record<string, MethodTuning>;
  /** Present when cancelled: what was finished is kept. */
  cancelled?: true;
}

export function objectiveOf(metrics: Metrics, objective: Objective): number | null {
  const v = metrics[objective];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Forgetting and utility gaps of a model to Retrain (TrialRecord.gaps); undefined when a metric is missing. */
export function tradeOffGaps(m: Metrics, retrain: Metrics): { forget: number; utility: number } | undefined {
  const d = (k: 'UA' | 'MIA' | 'RA' | 'TA') => Math.abs((m[k] ?? NaN) - (retrain[k] ?? NaN)) * 100;
  const forget = d('UA') + d('MIA');
  const utility = d('RA') + d('TA');
  return Number.isFinite(forget) && Number.isFinite(utility) ? { forget, utility } : undefined;
}

/** The best trial by the objective (lowest avgGap, highest ToW); ties go to the lower index, so the defaults win a tie. */
export function chooseTrial(trials: TrialRecord[], objective: Objective): number | null {
  const sign = objective === 'avgGap' ? 1 : -1;
  let best: TrialRecord | null = null;
  for (const t of trials) {
    if (t.objective === null) continue;
    if (!best || sign * t.objective < sign * best.objective!) best = t;
  }
  return best?.index ?? null;
}

export function summarize(values: number[]): HeldOutSummary {
  return { values, ...meanStd(values) };
}
