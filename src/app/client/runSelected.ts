/**
 * Train Original and "Run selected": the interactive runs, one worker command
 * per model, on top of the models this page already has. Its models stay in
 * the page's session, so the next run builds on them.
 */
import type { ExperimentConfig, MethodRun } from '../../engine/config';
import type { WeightSnapshot } from '../../engine/models/model';
import { isQuotaError, type RunRecord } from '../storage/runStore';
import { messageOf } from './errorMessage';
import { instanceLabel, modelIdsOf } from '../../engine/methodInstances';
import { keepOriginal } from './keptOriginal';
import { plannedRuns } from './methodRuns';
import { recordRun, STORAGE_FULL, type KeptRun, type RunDeps } from './runRecords';
import { syncResults } from './syncResults';

export async function trainOriginal(deps: Pick<RunDeps, 'api' | 'store' | 'busy' | 'stored'>): Promise<boolean> {
  const r = await deps.busy.track('Training Original', () => deps.api.trainOriginal());
  await syncResults(deps.api, deps.store);
  if (r.ok) await keepOriginal(deps, r.value.timeMs);
  return r.ok;
}

/**
 * Runs the planned methods one by one (Original first if needed), recording
 * the run in IndexedDB as `running` and then with its Results and weights.
 */
export async function runSelected(deps: RunDeps): Promise<RunRecord | null> {
  const runs = plannedRuns(deps.store.getState());
  if (!runs.length) return null;
  // Busy from the click to the stored record, not only while worker commands run.
  return deps.busy.during('Running the selected methods', () => {
    const config: ExperimentConfig = { ...deps.store.getState().config, methods: runs.filter((r) => r.id !== 'retrain') };
    const ids = modelIdsOf(runs);
    return recordRun(deps, config, ids, 'selected', (kept) => runMethods(deps, runs, ids, kept));
  });
}

async function runMethods(deps: RunDeps, runs: MethodRun[], ids: string[], kept: KeptRun | null): Promise<RunRecord | null> {
  const { api, store, busy, cancels } = deps;
  const failures: string[] = [];
  let cancelled = false;
  const cancelPressed = cancels.watch();
  if (!store.getState().models.original) {
    const r = await busy.track('Training Original', () => api.trainOriginal());
    if (!r.ok) {
      if (kept) await kept.runs.end(kept.record.id, r.cancelled ? 'cancelled' : 'failed', r.message);
      return null;
    }
    await keepOriginal(deps, r.value.timeMs);
  }
  for (const [i, run] of runs.entries()) {
    // A Cancel that lands between two methods (no command running at that instant) stops the rest too.
    if (cancelPressed()) {
      cancelled = true;
      store.dispatch({ type: 'ui:notice', kind: 'info', text: 'Run cancelled; earlier results are kept.' });
      break;
    }
    const methodLabel = store.getState().methods.find((m) => m.id === run.id)?.label ?? run.id;
    const label = instanceLabel(methodLabel, run, ids[i]) ?? methodLabel;
    const r = await busy.track(`Running ${label}`, () => api.runMethod(run, ids[i]));
    if (!r.ok) {
      if (r.cancelled) {
        cancelled = true;
        break;
      }
      failures.push(`${ids[i]}: ${r.message}`);
    }
  }
  const results = await syncResults(api, store);
  if (!kept) return null;
  const made = ids.filter((id) => results?.models[id]);
  if (!results || !made.length) {
    await kept.runs.end(kept.record.id, cancelled ? 'cancelled' : 'failed', failures.join('; ') || (cancelled ? 'cancelled before any model finished' : undefined));
    return null;
  }
  const weights: Record<string, WeightSnapshot> = {};
  for (const id of ['original', ...made]) {
    try {
      if (results.models[id]) weights[id] = await api.exportWeights(id);
    } catch {
      // Weights are a bonus; the Results are what the run is.
    }
  }
  // Some models finished: the run is kept as done (or cancelled), and the failures are named in its message.
  const status = cancelled ? 'cancelled' : 'done';
  const message = [cancelled ? 'cancelled; finished models kept' : '', ...failures].filter(Boolean).join('; ') || undefined;
  try {
    return await kept.runs.finish(kept.record.id, results, weights, status, message);
  } catch (e) {
    const full = isQuotaError(e);
    store.dispatch({
      type: 'ui:notice', kind: 'error',
      text: full ? STORAGE_FULL : `The run finished but could not be stored: ${messageOf(e)}`,
    });
    // The record says why, where a small write still fits; a `running` record would read as interrupted.
    await kept.runs.end(kept.record.id, 'failed', full ? 'not kept: storage full' : `not kept: ${messageOf(e)}`).catch(() => undefined);
    return null;
  }
}
