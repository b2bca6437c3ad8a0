/**
 * "Run whole experiment": the configured experiment end to end in one worker
 * command, the CLI's run, from a fresh Original. Its models live in a session
 * of their own in the worker: its events show it live, and at the end the
 * page goes back to its own models (which the next "Run selected" builds on),
 * with the experiment's rows in the table under its stored run.
 */
import type { ExperimentConfig } from '../../engine/config';
import type { RunRecord } from '../storage/runStore';
import { messageOf } from './errorMessage';
import { modelIdsOf } from '../../engine/methodInstances';
import { experimentRuns } from './methodRuns';
import { recordRun, type RunDeps } from './runRecords';
import { syncResults } from './syncResults';

/**
 * Runs the experiment as configured on the page — data, model, forget set,
 * Retrain and the ticked methods with their parameters, every seed of
 * eval.seeds — and keeps it as a run, ticked for comparison.
 */
export async function runExperiment(deps: RunDeps): Promise<RunRecord | null> {
  const { api, store, busy, cancels } = deps;
  const runs = experimentRuns(store.getState());
  const config: ExperimentConfig = { ...store.getState().config, methods: runs };
  const cancelPressed = cancels.watch();
  const label = 'Running the whole experiment';
  return busy.during(label, () =>
    recordRun(deps, config, modelIdsOf(runs), 'experiment', async (kept) => {
      // A Cancel pressed before the worker got the command stops it too.
      if (cancelPressed()) {
        if (kept) await kept.runs.end(kept.record.id, 'cancelled', 'cancelled before it started');
        return null;
      }
      const r = await busy.track(label, () => api.runExperiment(config));
      await syncResults(api, store);
      if (!r.ok) {
        if (kept) await kept.runs.end(kept.record.id, r.cancelled ? 'cancelled' : 'failed', r.message);
        return null;
      }
      try {
        if (!kept) throw new Error('this browser cannot keep runs (no IndexedDB)');
        const done = await kept.runs.finish(kept.record.id, r.value, {});
        store.dispatch({ type: 'ui:compare-runs', ids: [...store.getState().compareRunIds, done.id] });
        return done;
      } catch (e) {
        store.dispatch({ type: 'ui:notice', kind: 'error', text: `The experiment finished but could not be stored, so it cannot be shown: ${messageOf(e)}` });
        return null;
      }
    }),
  );
}
