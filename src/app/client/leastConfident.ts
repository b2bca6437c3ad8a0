import type { LabWorkerApi } from '../../worker/api';
import { indicesOfClass, leastConfident } from '../selection';
import type { Store } from '../store/store';
import type { BusyTracker } from './busy';

/** Selects the `count` samples (of a class, or all) the Original is least sure about. */
export async function selectLeastConfident(api: LabWorkerApi, store: Store, busy: BusyTracker, count: number, cls: number | null): Promise<void> {
  const { data, models } = store.getState();
  if (!data) return;
  if (!models.original) {
    store.dispatch({ type: 'ui:notice', kind: 'info', text: 'Train Original first: "least confident" asks the trained model.' });
    return;
  }
  const candidates = indicesOfClass(data.trainLabels, cls);
  const r = await busy.track('Asking the model', () => api.probe(candidates));
  if (!r.ok) return;
  store.dispatch({ type: 'ui:select', indices: leastConfident(r.value, 'original', count), mode: 'replace' });
}
