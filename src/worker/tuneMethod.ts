/**
 * The page's Tune: one method's trials (tuning/tune.ts's `runTrials`) on the
 * page's config, in a session of their own, as "Run whole experiment" runs in
 * one. The trials start from the method's form as the page sends it: trial 0
 * is the form as is, every other trial sets its tuned parameters on top, so a
 * trial adopted into the form is exactly what was measured.
 *
 * The tuning session's own Original, Retrain and trial models are not the
 * page's: their phases, curves and finished models would overwrite the page's
 * plots. Only logs, errors, backend changes and one overall progress (with
 * ETA) reach the page, and each finished trial as a `tune-trial` event.
 */
import type { ExperimentConfig } from '../engine/config';
import type { EventSink, LabEvent } from '../engine/events';
import { getMethod } from '../engine/methods';
import type { Objective, TrialRecord } from '../engine/tuning/report';
import { runTrials, trialModelId, trialPlan } from '../engine/tuning/tune';

type Params = Record<string, number | string | boolean>;

/** The first run of `methodId` in the config: the method's form on the page. */
export function formParams(config: ExperimentConfig, methodId: string): Params {
  const run = config.methods === 'all' ? undefined : config.methods.find((r) => r.id === methodId);
  const out: Params = {};
  for (const [k, v] of Object.entries(run?.params ?? {})) {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/**
 * Work units of a Tune: the Original, Retrain, then one per trial. Retrain
 * costs about an Original; a trial usually less, so the estimate errs long.
 */
function unitOf(modelId: string, method: string, trials: number): number | null {
  if (modelId === 'original') return 0;
  if (modelId === 'retrain') return 1;
  for (let t = 0; t < trials; t++) if (modelId === trialModelId(method, t)) return 2 + t;
  return null;
}

/**
 * What of the tuning session's events the page sees: logs, errors, backend
 * changes, and every progress event as one fraction of the whole Tune with
 * its ETA. `trialDone(t)` is called once trial t has finished (its later
 * progress counts it whole).
 */
export function tuningEvents(emit: EventSink, method: string, trials: number, now: () => number = Date.now): { sink: EventSink; trialDone(index: number): void } {
  const t0 = now();
  const finished = new Set<number>();
  const units = trials + 2;
  const label = getMethod(method).label;
  const sink = (e: LabEvent): void => {
    if (e.type === 'log' || e.type === 'error' || e.type === 'backend') {
      emit(e);
      return;
    }
    if (e.type !== 'progress') return;
    const unit = unitOf(e.modelId, method, trials);
    if (unit === null) return;
    const within = unit >= 2 && finished.has(unit - 2) ? 1 : Math.max(0, Math.min(1, e.fraction));
    const fraction = (unit + within) / units;
    const elapsed = now() - t0;
    const message = e.message.startsWith('tuning:') ? e.message : `tuning ${label}: ${e.message}`;
    emit({ type: 'progress', modelId: `tune/${method}`, fraction, etaMs: fraction > 0 ? (elapsed / fraction) * (1 - fraction) : 0, message });
  };
  return { sink, trialDone: (index) => finished.add(index) };
}

/**
 * Runs `trials` trials of `method` (trial 0 the form's settings) on the
 * validation seed of `config` and returns the finished ones; a cancel keeps
 * them. Each trial's `params` are only its tuned parameters (none for trial 0):
 * what it ran is the form's settings with those on top.
 */
export async function tuneMethod(config: ExperimentConfig, method: string, trials: number, objective: Objective, emit: EventSink, signal: AbortSignal): Promise<TrialRecord[]> {
  const tuned = trialPlan([method], trials, config.seed)[method];
  const base = formParams(config, method);
  const plan = { [method]: tuned.map((p) => ({ ...base, ...p })) };
  const events = tuningEvents(emit, method, trials);
  const out = await runTrials(config, plan, objective, events.sink, signal, (m, trial) => {
    events.trialDone(trial.index);
    emit({ type: 'tune-trial', method: m, trial: { ...trial, params: tuned[trial.index] } });
  });
  return out[method].map((trial) => ({ ...trial, params: tuned[trial.index] }));
}
