/**
 * The runs kept in IndexedDB, as the Runs list shows them: listing (and, at
 * start, marking the runs no page is running any more as interrupted),
 * renaming, deleting, their weights, and importing a Results file as a run.
 */
import type { WeightSnapshot } from '../../engine/models/model';
import type { Results } from '../../engine/results';
import { runLockName, type RunStore } from '../storage/runStore';
import type { Store } from '../store/store';
import { messageOf } from './errorMessage';

/** The subset of the Web Locks API the client needs (absent in tests and old browsers). */
export interface Locks {
  request(name: string, cb: () => Promise<unknown>): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export class StoredRuns {
  /** Null when this browser cannot keep runs; a promise so the page can render before IndexedDB has opened. */
  readonly ready: Promise<RunStore | null>;
  /** Null where the browser has no Web Locks: runs are kept, but a reload cannot tell a live run from an interrupted one. */
  readonly locks: Locks | null;
  private readonly store: Store;
  /** Listings started so far: a listing that finishes after a later one started is stale and is dropped. */
  private listings = 0;

  constructor(store: Store, runs: RunStore | null | Promise<RunStore | null>, locks: Locks | null) {
    this.store = store;
    this.ready = Promise.resolve(runs);
    this.locks = locks;
  }

  /** Puts the stored runs into the store; with `markInterrupted`, first ends the `running` ones whose page holds no lock. */
  async load(markInterrupted: boolean): Promise<void> {
    const runs = await this.ready;
    if (!runs) {
      this.store.dispatch({ type: 'ui:runs', runs: null });
      return;
    }
    const listing = ++this.listings;
    try {
      if (markInterrupted) {
        const held = new Set(((await this.locks?.query())?.held ?? []).map((l) => l.name));
        await runs.markInterrupted((id) => held.has(runLockName(id)));
      }
      const list = await runs.list();
      // A run's start lists without waiting, its end lists again: the start's listing may come back last.
      if (listing !== this.listings) return;
      this.store.dispatch({ type: 'ui:runs', runs: list });
    } catch (e) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: `Stored runs could not be read: ${messageOf(e)}` });
    }
  }

  async rename(id: string, name: string): Promise<void> {
    const runs = await this.ready;
    if (!runs) return;
    try {
      await runs.rename(id, name);
    } catch (e) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: messageOf(e) });
    }
    await this.load(false);
  }

  async delete(id: string): Promise<void> {
    const runs = await this.ready;
    if (!runs) return;
    await runs.delete(id);
    await this.load(false);
  }

  /** Frees a run's weights, keeps its Results. */
  async deleteWeights(id: string): Promise<void> {
    const runs = await this.ready;
    if (!runs) return;
    try {
      await runs.deleteWeights(id);
    } catch (e) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: `The weights could not be deleted: ${messageOf(e)}` });
    }
    await this.load(false);
  }

  async fullResults(id: string): Promise<Results | undefined> {
    const runs = await this.ready;
    return runs ? runs.fullResults(id) : undefined;
  }

  async weights(id: string): Promise<Record<string, WeightSnapshot>> {
    const runs = await this.ready;
    return runs ? runs.weights(id) : {};
  }

  /** Imports a Results JSON file as a run chosen for comparison: validated first; a bad file shows why and changes nothing. */
  async importResults(file: { name: string; size: number; text(): Promise<string> }): Promise<boolean> {
    if (file.size > MAX_IMPORT_BYTES) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: `${file.name}: ${file.size} bytes, larger than the ${MAX_IMPORT_BYTES / 1024 / 1024} MB cap; nothing was imported.` });
      return false;
    }
    // Loaded on demand: import/export code is not needed to show the lab.
    const { parseResultsFile } = await import('../resultsIO');
    const parsed = parseResultsFile(await file.text(), file.name);
    if (!parsed.ok) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: parsed.message });
      return false;
    }
    const runs = await this.ready;
    if (!runs) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: 'Storage is unavailable in this browser; nothing was imported.' });
      return false;
    }
    const rec = await runs.addImported(parsed.results, file.name.replace(/\.json$/i, ''));
    await this.load(false);
    this.store.dispatch({ type: 'ui:compare-runs', ids: [...this.store.getState().compareRunIds, rec.id] });
    this.store.dispatch({ type: 'ui:notice', kind: 'info', text: `Imported ${file.name}: ${Object.keys(parsed.results.models).length} models.` });
    return true;
  }
}
