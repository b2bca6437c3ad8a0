/**
 * The page's side of the worker: turns what the person does into worker
 * commands, feeds events into the store, keeps runs in IndexedDB and the
 * config in the URL. Panels call these methods; they never touch the worker.
 * Each job lives in its own file under client/; this class wires them up.
 */
import type { ExperimentConfig, MethodRun } from '../engine/config';
import type { LabEvent } from '../engine/events';
import type { Results } from '../engine/results';
import type { WeightSnapshot } from '../engine/models/model';
import type { TrialRecord } from '../engine/tuning/report';
import type { LabWorkerApi } from '../worker/api';
import { BusyTracker } from './client/busy';
import { CancelSignal } from './client/cancelSignal';
import { messageOf } from './client/errorMessage';
import { HoverCache } from './client/hoverCache';
import { restoreOriginal } from './client/keptOriginal';
import { selectLeastConfident } from './client/leastConfident';
import { PreparedConfig } from './client/preparedConfig';
import { runExperiment } from './client/runExperiment';
import type { RunDeps } from './client/runRecords';
import { runSelected, trainOriginal } from './client/runSelected';
import { StoredRuns, type Locks } from './client/storedRuns';
import { tuneMethod } from './client/tuneMethod';
import { uploadCsv, uploadImages } from './client/uploads';
import type { RunRecord, RunStore } from './storage/runStore';
import type { Store } from './store/store';
import type { Preset } from './store/state';

export type { Locks } from './client/storedRuns';

export interface ClientDeps {
  api: LabWorkerApi;
  store: Store;
  /** Stored runs; a promise so the page can render before IndexedDB has opened. */
  runs: RunStore | null | Promise<RunStore | null>;
  locks?: Locks | null;
  /** Wraps the event callback for the worker (Comlink.proxy in the page; identity in tests). */
  proxy?: <T extends (...args: never[]) => unknown>(fn: T) => T;
  /** Writes the config into the URL (history.replaceState in the page). */
  writeConfig?: (config: ExperimentConfig) => void;
}

export class LabClient {
  private readonly api: LabWorkerApi;
  private readonly store: Store;
  private readonly proxy: NonNullable<ClientDeps['proxy']>;
  private readonly busy: BusyTracker;
  private readonly cancels = new CancelSignal();
  private readonly config: PreparedConfig;
  private readonly stored: StoredRuns;
  private readonly hover: HoverCache;

  constructor(deps: ClientDeps) {
    this.api = deps.api;
    this.store = deps.store;
    this.proxy = deps.proxy ?? ((fn) => fn);
    this.busy = new BusyTracker(deps.store);
    this.config = new PreparedConfig(deps.api, deps.store, this.busy, deps.writeConfig ?? (() => undefined));
    this.stored = new StoredRuns(deps.store, deps.runs, deps.locks ?? null);
    this.hover = new HoverCache(deps.api, deps.store);
  }

  private get runDeps(): RunDeps {
    return { api: this.api, store: this.store, busy: this.busy, cancels: this.cancels, stored: this.stored };
  }

  /** Subscribes, selects the backend, lists methods, and prepares the initial config (the preview appears as soon as the data is in). */
  async start(opts: { backend?: string; baseUrl: string; prepare: boolean }): Promise<void> {
    await this.api.subscribeBatch(this.proxy((events: LabEvent[]) => {
      for (const e of events) this.store.dispatch(e);
    }));
    const methods = this.api.listMethods().then((m) => this.store.dispatch({ type: 'ui:methods', methods: m }));
    const init = this.busy.track('Starting the engine', () => this.api.init({ backend: opts.backend, baseUrl: opts.baseUrl }));
    const stored = this.stored.load(true);
    // The data preview needs no backend: it is prepared while the backend is still being chosen.
    const prepared = opts.prepare ? this.config.prepare(this.store.getState().config) : null;
    await Promise.all([methods.catch((e) => this.store.dispatch({ type: 'ui:notice', kind: 'error', text: `Could not list methods: ${messageOf(e)}` })), init, stored, prepared]);
    if (opts.prepare) await restoreOriginal(this.runDeps);
  }

  // ------------------------------------------------------------ config & data

  /** Sets the config; where it asks for another Original, one kept for it in this browser is put back. */
  async setConfig(config: ExperimentConfig, opts: { apply?: boolean } = {}): Promise<void> {
    await this.config.set(config, opts);
    if (opts.apply !== false) await restoreOriginal(this.runDeps);
  }

  /**
   * Loads a preset's config (fetched at start) into the panels and prepares
   * it. A preset is a whole experiment: its methods are ticked (and the others
   * not) with its parameters, as a shared link's are.
   */
  async applyPreset(p: Preset): Promise<void> {
    await this.loadExperiment(p.config, true);
  }

  /** A whole experiment into the page: its config, and its methods ticked with their parameters (Retrain as `retrain` says). */
  private async loadExperiment(config: ExperimentConfig, retrain: boolean): Promise<void> {
    await this.setConfig(config);
    this.store.dispatch({ type: 'ui:method-forms', config, retrain });
  }

  useSelection(): Promise<void> {
    return this.config.useSelection();
  }

  syncMethodsToConfig(): void {
    this.config.syncMethods();
  }

  addRun(run: MethodRun): void {
    this.config.addRun(run);
  }

  removeExtraRun(i: number): void {
    this.config.removeExtraRun(i);
  }

  uploadCsv(file: { name: string; size: number; text(): Promise<string> }): Promise<void> {
    return uploadCsv(this.api, this.store, this.config, file);
  }

  uploadImages(files: { name: string; size: number; path: string; bytes(): Promise<Uint8Array> }[], name: string): Promise<void> {
    return uploadImages(this.api, this.store, this.config, files, name);
  }

  // ------------------------------------------------------------ compute

  trainOriginal(): Promise<boolean> {
    return trainOriginal(this.runDeps);
  }

  runSelected(): Promise<RunRecord | null> {
    return runSelected(this.runDeps);
  }

  runExperiment(): Promise<RunRecord | null> {
    return runExperiment(this.runDeps);
  }

  /**
   * Runs a stored run again (one that was interrupted, cancelled or failed, or
   * any other): its config and methods go back into the forms, then the button
   * that made it runs them. A config the worker refuses stops here with its notice.
   */
  async rerun(id: string): Promise<RunRecord | null> {
    const rec = this.store.getState().runs?.find((r) => r.id === id);
    if (!rec) return null;
    await this.loadExperiment(rec.config, rec.modelIds.includes('retrain'));
    if (this.store.getState().dataStatus !== 'ready') return null;
    return rec.kind === 'experiment' ? this.runExperiment() : this.runSelected();
  }

  /** Tunes one method from its form's settings: `trials` trials in all, streamed into the store's `tuning`. */
  tuneMethod(methodId: string, trials: number): Promise<TrialRecord[] | null> {
    return tuneMethod(this.runDeps, methodId, trials);
  }

  async cancel(): Promise<void> {
    this.cancels.cancel();
    await this.api.cancel();
  }

  selectLeastConfident(count: number, cls: number | null): Promise<void> {
    return selectLeastConfident(this.api, this.store, this.busy, count, cls);
  }

  sampleProbabilities(index: number): Promise<Record<string, number[]>> {
    return this.hover.probabilities(index);
  }

  // ------------------------------------------------------------ stored runs

  renameRun(id: string, name: string): Promise<void> {
    return this.stored.rename(id, name);
  }

  deleteRun(id: string): Promise<void> {
    return this.stored.delete(id);
  }

  /** A stored run's full Results (the run list holds them without curves and plot data). */
  runResults(id: string): Promise<Results | undefined> {
    return this.stored.fullResults(id);
  }

  deleteRunWeights(id: string): Promise<void> {
    return this.stored.deleteWeights(id);
  }

  runWeights(id: string): Promise<Record<string, WeightSnapshot>> {
    return this.stored.weights(id);
  }

  importResults(file: { name: string; size: number; text(): Promise<string> }): Promise<boolean> {
    return this.stored.importResults(file);
  }
}
