/**
 * Finished runs survive reloads: IndexedDB (plain API) keeps each run's
 * config, Results and unlearned weights. A run is written as `running` when it
 * starts; the page that runs it holds a Web Lock named after it, so after a
 * reload (or a closed tab) any `running` record whose lock nobody holds is
 * marked `interrupted` — and a run going on in another tab is left alone.
 *
 * The run list holds each run's Results without curves and plot data (what
 * the table, the CSV and the runs scatter read); the full Results sit in a
 * store of their own, read when a run is exported. Listing therefore costs
 * little per run: reading 25 full Results on every list took the page's
 * main thread for up to a second (measured in e2e/leak.spec.ts).
 *
 * The page's trained Originals are kept too, one per originalKey (the few most
 * recent), so a reload does not lose the model every method starts from.
 */
import type { ExperimentConfig } from '../../engine/config';
import type { Results } from '../../engine/results';
import type { WeightSnapshot } from '../../engine/models/model';

export type RunStatus = 'running' | 'done' | 'interrupted' | 'failed' | 'cancelled' | 'imported';

/** Which button made a run, so "Re-run" repeats it the same way: Run selected, or Run whole experiment. */
export type RunKind = 'selected' | 'experiment';

export interface RunRecord {
  id: string;
  name: string;
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
  config: ExperimentConfig;
  /** Model ids this run added (e.g. ['retrain', 'muda', 'ga']). */
  modelIds: string[];
  /** The Results without curves and plot data (compactResults); the full ones: RunStore.fullResults. */
  results?: Results;
  message?: string;
  /** Model ids whose weights are stored. */
  weightIds: string[];
  /** Absent in runs stored before re-runs existed, and in imported ones. */
  kind?: RunKind;
}

/** A trained Original, kept under the originalKey of the config it was trained with. */
export interface KeptOriginal {
  key: string;
  snapshot: WeightSnapshot;
  /** How long its training took, shown as when it was trained. */
  timeMs: number;
  savedAt: string;
}

/** How many trained Originals are kept (each of the default MLP is about 1 MB); the oldest goes first. */
export const KEPT_ORIGINALS = 3;

interface WeightRecord {
  key: string;
  runId: string;
  modelId: string;
  snapshot: WeightSnapshot;
}

interface ResultsRecord {
  id: string;
  results: Results;
}

export const DB_NAME = 'unlearning-lab';
/** 2: full Results moved to RESULTS, the run list keeps them compact. 3: ORIGINALS. */
const DB_VERSION = 3;
const RUNS = 'runs';
const WEIGHTS = 'weights';
const RESULTS = 'results';
const ORIGINALS = 'originals';

/** What the run list keeps of a Results: every metric, label and status, no curves and no plot data. */
export function compactResults(r: Results): Results {
  const models: Results['models'] = {};
  for (const [id, m] of Object.entries(r.models)) {
    const { views: _views, runs, ...rest } = m;
    models[id] = { ...rest, curves: [], ...(runs ? { runs: runs.map(({ views: _v, ...x }) => ({ ...x, curves: [] })) } : {}) };
  }
  return { ...r, models };
}

export function runLockName(id: string): string {
  return `unlearning-lab-run:${id}`;
}

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

function openDb(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = factory.open(name, DB_VERSION);
    open.onupgradeneeded = (e) => {
      const db = open.result;
      if (!db.objectStoreNames.contains(RUNS)) db.createObjectStore(RUNS, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(WEIGHTS)) {
        const w = db.createObjectStore(WEIGHTS, { keyPath: 'key' });
        w.createIndex('runId', 'runId');
      }
      if (!db.objectStoreNames.contains(RESULTS)) db.createObjectStore(RESULTS, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(ORIGINALS)) db.createObjectStore(ORIGINALS, { keyPath: 'key' });
      // From version 1: each run's full Results move to RESULTS; the list keeps them compact.
      if (e.oldVersion === 1) {
        const tx = open.transaction!;
        const cursor = tx.objectStore(RUNS).openCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c) return;
          const rec = c.value as RunRecord;
          if (rec.results) {
            tx.objectStore(RESULTS).put({ id: rec.id, results: rec.results } satisfies ResultsRecord);
            c.update({ ...rec, results: compactResults(rec.results) });
          }
          c.continue();
        };
      }
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('could not open IndexedDB'));
    open.onblocked = () => reject(new Error('IndexedDB is blocked by another tab with an older version of the lab: close that tab, then reload'));
  });
}

export interface RunStoreOptions {
  factory?: IDBFactory;
  dbName?: string;
  now?: () => Date;
  newId?: () => string;
}

export class RunStore {
  /** Null after another tab asked to upgrade the database: the next use reopens it. */
  private db: IDBDatabase | null;

  private constructor(db: IDBDatabase, private reopen: () => Promise<IDBDatabase>, private now: () => Date, private newId: () => string) {
    this.db = this.watch(db);
  }

  static async open(opts: RunStoreOptions = {}): Promise<RunStore> {
    const factory = opts.factory ?? globalThis.indexedDB;
    if (!factory) throw new Error('IndexedDB is not available: runs will not be kept after a reload');
    const reopen = () => openDb(factory, opts.dbName ?? DB_NAME);
    const newId = opts.newId ?? (() => (typeof globalThis.crypto?.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`));
    return new RunStore(await reopen(), reopen, opts.now ?? (() => new Date()), newId);
  }

  /** Another tab opening a newer schema must not wait on this one: close, and reopen on next use. */
  private watch(db: IDBDatabase): IDBDatabase {
    db.onversionchange = () => {
      db.close();
      if (this.db === db) this.db = null;
    };
    return db;
  }

  private async database(): Promise<IDBDatabase> {
    if (!this.db) this.db = this.watch(await this.reopen());
    return this.db;
  }

  private async tx(stores: string | string[], mode: IDBTransactionMode): Promise<IDBTransaction> {
    return (await this.database()).transaction(stores, mode);
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }

  /** Records a run as `running` and returns its id. */
  async start(config: ExperimentConfig, modelIds: string[], opts: { name?: string; kind?: RunKind } = {}): Promise<RunRecord> {
    const at = this.now().toISOString();
    const rec: RunRecord = {
      id: this.newId(), name: opts.name ?? defaultName(config, modelIds, this.now()), status: 'running',
      createdAt: at, updatedAt: at, config, modelIds, weightIds: [], ...(opts.kind ? { kind: opts.kind } : {}),
    };
    await this.put(rec);
    return rec;
  }

  /** Stores the Results and weights of a finished run in one transaction (all or nothing). */
  async finish(id: string, results: Results, weights: Record<string, WeightSnapshot>, status: 'done' | 'cancelled' | 'failed' = 'done', message?: string): Promise<RunRecord> {
    const tx = await this.tx([RUNS, WEIGHTS, RESULTS], 'readwrite');
    const runs = tx.objectStore(RUNS);
    const rec = (await req(runs.get(id))) as RunRecord | undefined;
    if (!rec) {
      tx.abort();
      throw new Error(`run ${id} is not in the store`);
    }
    const next: RunRecord = { ...rec, status, results: compactResults(results), updatedAt: this.now().toISOString(), weightIds: Object.keys(weights) };
    if (message !== undefined) next.message = message;
    runs.put(next);
    tx.objectStore(RESULTS).put({ id, results } satisfies ResultsRecord);
    const w = tx.objectStore(WEIGHTS);
    for (const [modelId, snapshot] of Object.entries(weights)) {
      const wr: WeightRecord = { key: `${id}/${modelId}`, runId: id, modelId, snapshot };
      w.put(wr);
    }
    await done(tx);
    return next;
  }

  /** Ends a run without results (failed before any model finished, or cancelled). */
  async end(id: string, status: 'failed' | 'cancelled' | 'interrupted', message?: string): Promise<void> {
    const rec = await this.get(id);
    if (!rec) return;
    await this.put({ ...rec, status, updatedAt: this.now().toISOString(), ...(message !== undefined ? { message } : {}) });
  }

  /**
   * Marks every `running` record whose run is not alive as `interrupted`.
   * `isAlive` says whether some page still runs it (a held Web Lock).
   */
  async markInterrupted(isAlive: (id: string) => boolean): Promise<string[]> {
    const marked: string[] = [];
    for (const rec of await this.list()) {
      if (rec.status === 'running' && !isAlive(rec.id)) {
        await this.put({ ...rec, status: 'interrupted', updatedAt: this.now().toISOString(), message: 'the page was reloaded or closed while this run was going on' });
        marked.push(rec.id);
      }
    }
    return marked;
  }

  /** All runs, newest first. */
  async list(): Promise<RunRecord[]> {
    const tx = await this.tx(RUNS, 'readonly');
    const all = (await req(tx.objectStore(RUNS).getAll())) as RunRecord[];
    return all.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const tx = await this.tx(RUNS, 'readonly');
    return (await req(tx.objectStore(RUNS).get(id))) as RunRecord | undefined;
  }

  /** A run's full Results (curves and plot data included), for export; undefined when it has none. */
  async fullResults(id: string): Promise<Results | undefined> {
    const tx = await this.tx(RESULTS, 'readonly');
    return ((await req(tx.objectStore(RESULTS).get(id))) as ResultsRecord | undefined)?.results;
  }

  async rename(id: string, name: string): Promise<void> {
    const trimmed = name.trim().slice(0, 200);
    if (!trimmed) throw new Error('a run name cannot be empty');
    const rec = await this.get(id);
    if (!rec) throw new Error(`run ${id} is not in the store`);
    await this.put({ ...rec, name: trimmed, updatedAt: this.now().toISOString() });
  }

  /** Deletes a run and its weights. */
  async delete(id: string): Promise<void> {
    const tx = await this.tx([RUNS, WEIGHTS, RESULTS], 'readwrite');
    tx.objectStore(RUNS).delete(id);
    tx.objectStore(RESULTS).delete(id);
    const index = tx.objectStore(WEIGHTS).index('runId');
    const keys = await req(index.getAllKeys(IDBKeyRange.only(id)));
    for (const k of keys) tx.objectStore(WEIGHTS).delete(k);
    await done(tx);
  }

  /** Frees a run's weights and keeps its Results (the way to make room when storage is full). */
  async deleteWeights(id: string): Promise<void> {
    const tx = await this.tx([RUNS, WEIGHTS], 'readwrite');
    const rec = (await req(tx.objectStore(RUNS).get(id))) as RunRecord | undefined;
    if (rec) tx.objectStore(RUNS).put({ ...rec, weightIds: [], updatedAt: this.now().toISOString() });
    const keys = await req(tx.objectStore(WEIGHTS).index('runId').getAllKeys(IDBKeyRange.only(id)));
    for (const k of keys) tx.objectStore(WEIGHTS).delete(k);
    await done(tx);
  }

  async weights(runId: string): Promise<Record<string, WeightSnapshot>> {
    const tx = await this.tx(WEIGHTS, 'readonly');
    const recs = (await req(tx.objectStore(WEIGHTS).index('runId').getAll(IDBKeyRange.only(runId)))) as WeightRecord[];
    const out: Record<string, WeightSnapshot> = {};
    for (const r of recs) out[r.modelId] = r.snapshot;
    return out;
  }

  /** Stores already-validated imported Results as a run of their own. */
  async addImported(results: Results, name: string): Promise<RunRecord> {
    const at = this.now().toISOString();
    const rec: RunRecord = {
      id: this.newId(), name: name.trim().slice(0, 200) || 'imported results', status: 'imported', createdAt: at, updatedAt: at,
      config: results.config, modelIds: Object.keys(results.models), results: compactResults(results), weightIds: [],
    };
    const tx = await this.tx([RUNS, RESULTS], 'readwrite');
    tx.objectStore(RUNS).put(rec);
    tx.objectStore(RESULTS).put({ id: rec.id, results } satisfies ResultsRecord);
    await done(tx);
    return rec;
  }

  /** Keeps a trained Original under its key, replacing one kept before under it, and drops the oldest beyond KEPT_ORIGINALS. */
  async keepOriginal(key: string, snapshot: WeightSnapshot, timeMs: number): Promise<void> {
    const tx = await this.tx(ORIGINALS, 'readwrite');
    const store = tx.objectStore(ORIGINALS);
    const kept = ((await req(store.getAll())) as KeptOriginal[]).filter((o) => o.key !== key);
    store.put({ key, snapshot, timeMs, savedAt: this.now().toISOString() } satisfies KeptOriginal);
    kept.sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1));
    for (const old of kept.slice(KEPT_ORIGINALS - 1)) store.delete(old.key);
    await done(tx);
  }

  /** The Original kept under `key`, if any. */
  async original(key: string): Promise<KeptOriginal | undefined> {
    const tx = await this.tx(ORIGINALS, 'readonly');
    return (await req(tx.objectStore(ORIGINALS).get(key))) as KeptOriginal | undefined;
  }

  private async put(rec: RunRecord): Promise<void> {
    const tx = await this.tx(RUNS, 'readwrite');
    tx.objectStore(RUNS).put(rec);
    await done(tx);
  }
}

export function defaultName(config: ExperimentConfig, modelIds: string[], at: Date): string {
  const s = config.scenario;
  const scenario = s.kind === 'class' ? `forget class ${s.class}`
    : s.kind === 'random' ? `forget ${Math.round(s.fraction * 1000) / 10}%`
    : s.kind === 'subclass' ? `forget sub-class ${s.class}`
    : s.kind === 'backdoor' ? `backdoor ${Math.round(s.fraction * 1000) / 10}%`
    : `forget ${s.indices.length} picked`;
  // Seconds too: runs a minute apart are common (a lesson, a long session), and the name is how a person tells them apart.
  const time = [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return `${config.dataset.name} ${config.model.kind} — ${scenario} — ${modelIds.join(', ')} (${time})`;
}

/** Whether a write failed because the browser's storage quota for the lab is used up. */
export function isQuotaError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'QuotaExceededError' || /quota/i.test(e.message));
}
