/**
 * The page's trained Original outlives a reload or a closed tab: its weights
 * are kept in IndexedDB under the originalKey of the config it was trained
 * with, and put back into the worker when the page opens (or switches to) a
 * config with that key, so the next run builds on it instead of training it
 * again.
 */
import { originalKey } from '../../engine/originalKey';
import { isQuotaError } from '../storage/runStore';
import { messageOf } from './errorMessage';
import type { RunDeps } from './runRecords';
import { syncResults } from './syncResults';

type Deps = Pick<RunDeps, 'api' | 'store' | 'busy' | 'stored'>;

/** Keeps the Original the worker has just trained, in `timeMs` (a failure to keep it is said, and changes nothing else). */
export async function keepOriginal({ api, store, stored }: Pick<Deps, 'api' | 'store' | 'stored'>, timeMs: number): Promise<void> {
  const runs = await stored.ready;
  if (!runs) return;
  try {
    await runs.keepOriginal(originalKey(store.getState().config), await api.exportWeights('original'), timeMs);
  } catch (e) {
    const why = isQuotaError(e) ? "this browser's storage for the lab is full (delete runs or their weights to make room)" : messageOf(e);
    store.dispatch({ type: 'ui:notice', kind: 'error', text: `The trained Original will not be there after a reload: ${why}.` });
  }
}

/** Puts back the Original kept for the page's config, when the page has none; true when it did. */
export async function restoreOriginal({ api, store, busy, stored }: Deps): Promise<boolean> {
  const state = store.getState();
  const runs = await stored.ready;
  if (!runs || state.models.original || state.dataStatus !== 'ready') return false;
  const kept = await runs.original(originalKey(state.config)).catch(() => undefined);
  if (!kept) return false;
  const r = await busy.track('Restoring the trained Original', () => api.restoreOriginal(kept.snapshot, kept.timeMs));
  await syncResults(api, store);
  if (r.ok) {
    const when = new Date(kept.savedAt).toLocaleString();
    store.dispatch({ type: 'ui:notice', kind: 'info', text: `The Original trained for this config on ${when} was restored from this browser's storage: no need to train it again.` });
  }
  return r.ok;
}
