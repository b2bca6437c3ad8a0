/**
 * A run the page makes is kept as it goes: recorded as `running` before its
 * first command, held under a Web Lock while it runs, and ended or finished
 * by the run itself. After a reload, a `running` record whose lock nobody
 * holds was interrupted (runStore.markInterrupted).
 */
import type { ExperimentConfig } from '../../engine/config';
import type { LabWorkerApi } from '../../worker/api';
import { isQuotaError, runLockName, type RunKind, type RunRecord, type RunStore } from '../storage/runStore';
import type { Store } from '../store/store';
import type { BusyTracker } from './busy';
import type { CancelSignal } from './cancelSignal';
import { messageOf } from './errorMessage';
import type { StoredRuns } from './storedRuns';

/** What the person reads when the browser's storage quota for the lab is used up, before or after a run. */
export const STORAGE_FULL = "This run is not kept: this browser's storage for the lab is full. Its results stay on screen while the page is open: export them (Runs: Export this session), and make room by deleting runs or their weights; earlier runs are unchanged.";

/** What a run the page makes works with. */
export interface RunDeps {
  api: LabWorkerApi;
  store: Store;
  busy: BusyTracker;
  cancels: CancelSignal;
  stored: StoredRuns;
}

/** The run's record and the IndexedDB store that holds it, for the run to end or finish. */
export interface KeptRun {
  runs: RunStore;
  record: RunRecord;
}

/**
 * Starts the record, runs `body` under the run's lock, and lists the runs
 * again. `body` gets null when the run cannot be kept (no IndexedDB, or a
 * record that could not be written, which a notice says): it runs all the same.
 */
export async function recordRun(
  { stored, store }: Pick<RunDeps, 'stored' | 'store'>,
  config: ExperimentConfig,
  modelIds: string[],
  kind: RunKind,
  body: (kept: KeptRun | null) => Promise<RunRecord | null>,
): Promise<RunRecord | null> {
  const runs = await stored.ready;
  let kept: KeptRun | null = null;
  try {
    if (runs) kept = { runs, record: await runs.start(config, modelIds, { kind }) };
  } catch (e) {
    store.dispatch({ type: 'ui:notice', kind: 'error', text: isQuotaError(e) ? STORAGE_FULL : `This run will not be kept after a reload: ${messageOf(e)}` });
  }
  // The list shows the run as running at once (and, after a reload, as interrupted).
  if (kept) void stored.load(false);
  const run = () => body(kept);
  const out = kept && stored.locks ? ((await stored.locks.request(runLockName(kept.record.id), run)) as RunRecord | null) : await run();
  await stored.load(false);
  return out;
}
