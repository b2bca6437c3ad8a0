import type { Results } from '../../engine/results';
import type { LabWorkerApi } from '../../worker/api';
import type { Store } from '../store/store';

/**
 * Puts the worker's current Results into the store, after every command that
 * may have changed them. Null when the worker cannot answer: the page keeps
 * what it shows, and the command's own notice says what went wrong.
 */
export async function syncResults(api: LabWorkerApi, store: Store): Promise<Results | null> {
  try {
    const r = await api.results();
    store.dispatch({ type: 'ui:results', results: r });
    return r;
  } catch {
    return null;
  }
}
