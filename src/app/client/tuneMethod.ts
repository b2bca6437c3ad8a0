/**
 * "Tune" on a method's row: trials of that method on the page's config, in a
 * tuning session of the worker's own (worker/tuneMethod.ts), streamed into
 * the store as they finish (the Pareto plot under the method). The page's own
 * models are untouched, and a Tune is not kept as a run: adopting a trial
 * into the form, then running it, is.
 */
import type { ExperimentConfig } from '../../engine/config';
import type { TrialRecord } from '../../engine/tuning/report';
import type { RunDeps } from './runRecords';

/** Trials a Tune offers first: the form's settings and five draws, a few minutes on a laptop for the small presets. */
export const DEFAULT_TUNE_TRIALS = 6;

/** Tunes `methodId` from its form's settings (trial 0) with `trials` trials in all; null when the command failed or was cancelled before a trial finished. */
export async function tuneMethod({ api, store, busy, cancels }: Pick<RunDeps, 'api' | 'store' | 'busy' | 'cancels'>, methodId: string, trials: number): Promise<TrialRecord[] | null> {
  const s = store.getState();
  const choice = s.methodChoices[methodId];
  if (!choice) return null;
  const base = { ...choice.params };
  const config: ExperimentConfig = { ...s.config, methods: [{ id: methodId, params: base }] };
  const label = `Tuning ${s.methods.find((m) => m.id === methodId)?.label ?? methodId} (${trials} trials)`;
  const cancelPressed = cancels.watch();
  store.dispatch({ type: 'ui:tune-start', method: methodId, budget: trials, base });
  const r = await busy.track(label, () => api.tuneMethod(config, methodId, trials, 'avgGap'));
  store.dispatch({ type: 'ui:tune-end', trials: r.ok ? r.value : undefined });
  if (!r.ok) return null;
  // A cancel during a trial ends the command normally, with the trials that finished.
  if (cancelPressed()) store.dispatch({ type: 'ui:notice', kind: 'info', text: `${label}: cancelled; the ${r.value.length} finished trials are kept.` });
  return r.value;
}
