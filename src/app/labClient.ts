/**
 * The page's side of the worker: turns what the person does into worker
 * commands, feeds events into the store, keeps runs in IndexedDB and the
 * config in the URL. Panels call these methods; they never touch the worker.
 */
import type { ExperimentConfig, MethodRun, ScenarioConfig } from '../engine/config';
import type { LabEvent } from '../engine/events';
import type { WeightSnapshot } from '../engine/models/model';
import type { Results } from '../engine/results';
import type { LabWorkerApi } from '../worker/api';
import { leastConfident, indicesOfClass } from './selection';
import { runLockName, type RunRecord, type RunStore } from './storage/runStore';
import type { Store } from './store/store';
import type { Preset } from './store/state';

/** The subset of the Web Locks API the client needs (absent in tests and old browsers). */
export interface Locks {
  request(name: string, cb: () => Promise<unknown>): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

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

export const MAX_CSV_BYTES = 20 * 1024 * 1024;
export const MAX_IMAGE_BYTES = 200 * 1024 * 1024;
export const MAX_IMAGE_FILES = 20_000;
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

function isCancel(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | null;
  return e?.name === 'CancelledError' || /\bcancell?ed\b|aborted/i.test(e?.message ?? '');
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Config fields that decide the dataset or the Original: changing them needs `prepare`, not just a new forget set. */
function needsPrepare(a: ExperimentConfig, b: ExperimentConfig): boolean {
  return JSON.stringify([a.dataset, a.seed, a.model, a.train, a.eval]) !== JSON.stringify([b.dataset, b.seed, b.model, b.train, b.eval]);
}

export class LabClient {
  private readonly api: LabWorkerApi;
  private readonly store: Store;
  private readonly runsReady: Promise<RunStore | null>;
  private readonly locks: Locks | null;
  private readonly proxy: NonNullable<ClientDeps['proxy']>;
  private readonly writeConfig: (config: ExperimentConfig) => void;
  private readonly pending: string[] = [];
  private readonly outer: string[] = [];
  /** Bumped by every Cancel: a multi-step run compares it before each step. */
  private cancelGeneration = 0;
  /** The config the worker has prepared (null before the first prepare). */
  private prepared: ExperimentConfig | null = null;
  /** Hover answers per training index, valid while `state.models` is the object they were asked under. */
  private readonly sampleCache = new Map<number, Promise<Record<string, number[]>>>();
  private sampleCacheFor: unknown = null;

  constructor(deps: ClientDeps) {
    this.api = deps.api;
    this.store = deps.store;
    this.runsReady = Promise.resolve(deps.runs);
    this.locks = deps.locks ?? null;
    this.proxy = deps.proxy ?? ((fn) => fn);
    this.writeConfig = deps.writeConfig ?? (() => undefined);
  }

  private get state() {
    return this.store.getState();
  }

  /**
   * Runs one worker command with the busy indicator; errors become a notice
   * (a cancel an info line). Returns undefined when it failed.
   */
  private async track<T>(label: string, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; cancelled: boolean; message: string }> {
    this.begin(label);
    try {
      return { ok: true, value: await work() };
    } catch (err) {
      const cancelled = isCancel(err);
      const message = messageOf(err);
      this.store.dispatch({ type: 'ui:notice', kind: cancelled ? 'info' : 'error', text: cancelled ? `${label}: cancelled; earlier results are kept.` : `${label}: ${message}` });
      return { ok: false, cancelled, message };
    } finally {
      this.end(label);
    }
  }

  /**
   * Marks the page busy (synchronously: plots that wait for idle must see it at
   * once). An `outer` label spans several commands (a whole "Run selected") and
   * is not counted as waiting.
   */
  private begin(label: string, outer = false): void {
    (outer ? this.outer : this.pending).push(label);
    this.publishBusy();
  }

  private end(label: string, outer = false): void {
    const list = outer ? this.outer : this.pending;
    list.splice(list.indexOf(label), 1);
    this.publishBusy();
  }

  private publishBusy(): void {
    const current = this.pending[0] ?? this.outer[0];
    if (current === undefined) this.store.dispatch({ type: 'ui:idle', queued: 0 });
    else this.store.dispatch({ type: 'ui:busy', command: current, label: current, queued: Math.max(0, this.pending.length - 1) });
  }

  /** Subscribes, selects the backend, lists methods, and prepares the initial config (the preview appears as soon as the data is in). */
  async start(opts: { backend?: string; baseUrl: string; prepare: boolean }): Promise<void> {
    await this.api.subscribeBatch(this.proxy((events: LabEvent[]) => {
      for (const e of events) this.store.dispatch(e);
    }));
    const methods = this.api.listMethods().then((m) => this.store.dispatch({ type: 'ui:methods', methods: m }));
    const init = this.track('Starting the engine', () => this.api.init({ backend: opts.backend, baseUrl: opts.baseUrl }));
    const stored = this.loadRuns(true);
    // The data preview needs no backend: it is prepared while the backend is still being chosen.
    const prepared = opts.prepare ? this.prepare(this.state.config) : null;
    await Promise.all([methods.catch((e) => this.store.dispatch({ type: 'ui:notice', kind: 'error', text: `Could not list methods: ${messageOf(e)}` })), init, stored, prepared]);
  }

  // ------------------------------------------------------------ config & data

  /** Sets the edited config, writes it to the URL, and asks the worker for what changed. */
  async setConfig(config: ExperimentConfig, opts: { apply?: boolean } = {}): Promise<void> {
    this.store.dispatch({ type: 'ui:config', config });
    this.writeConfig(config);
    if (opts.apply === false) return;
    if (!this.prepared || needsPrepare(this.prepared, config)) await this.prepare(config);
    else if (JSON.stringify(this.prepared.scenario) !== JSON.stringify(config.scenario)) await this.setScenario(config.scenario);
  }

  async prepare(config: ExperimentConfig): Promise<void> {
    this.store.dispatch({ type: 'ui:data-loading' });
    const r = await this.track(`Loading ${config.dataset.name}`, () => this.api.prepare(config));
    if (!r.ok) {
      this.store.dispatch({ type: 'ui:data-error', message: `The data could not be prepared: ${r.message}` });
      return;
    }
    const keepOriginal = !!this.prepared && !needsPrepare(this.prepared, config);
    this.prepared = config;
    this.store.dispatch({ type: 'ui:data', summary: r.value, keep: keepOriginal ? 'original' : 'nothing' });
    await this.syncResults();
  }

  async setScenario(scenario: ScenarioConfig): Promise<void> {
    const r = await this.track('Building the forget set', () => this.api.setScenario(scenario));
    if (!r.ok) {
      this.store.dispatch({ type: 'ui:data-error', message: `The forget set was not changed: ${r.message}` });
      // The worker kept the old forget set; so does the edited config.
      if (this.prepared) {
        const kept = { ...this.state.config, scenario: this.prepared.scenario };
        this.store.dispatch({ type: 'ui:config', config: kept });
        this.writeConfig(kept);
      }
      return;
    }
    if (this.prepared) this.prepared = { ...this.prepared, scenario };
    this.store.dispatch({ type: 'ui:data', summary: r.value, keep: 'original' });
    await this.syncResults();
  }

  /** The hand-picked selection becomes the forget set. */
  async useSelection(): Promise<void> {
    const indices = this.state.selection;
    if (!indices.length) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: 'Select at least one sample first.' });
      return;
    }
    await this.setConfig({ ...this.state.config, scenario: { kind: 'indices', indices: [...indices] } });
  }

  private async syncResults(): Promise<Results | null> {
    try {
      const r = await this.api.results();
      this.store.dispatch({ type: 'ui:results', results: r });
      return r;
    } catch {
      return null;
    }
  }

  async uploadCsv(file: { name: string; size: number; text(): Promise<string> }): Promise<void> {
    if (file.size > MAX_CSV_BYTES) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: `${file.name}: ${file.size} bytes, larger than the ${MAX_CSV_BYTES / 1024 / 1024} MB cap; nothing changed.` });
      return;
    }
    if (file.size === 0) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: `${file.name}: the file is empty; nothing changed.` });
      return;
    }
    const text = await file.text();
    await this.api.addUpload({ kind: 'csv', name: file.name, text });
    await this.applyUpload('csv', file.name);
  }

  async uploadImages(files: { name: string; size: number; path: string; bytes(): Promise<Uint8Array> }[], name: string): Promise<void> {
    const total = files.reduce((a, f) => a + f.size, 0);
    if (!files.length) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: 'No image files were chosen; nothing changed.' });
      return;
    }
    if (files.length > MAX_IMAGE_FILES || total > MAX_IMAGE_BYTES) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: `${name}: ${files.length} files, ${total} bytes — over the cap of ${MAX_IMAGE_FILES} files / ${MAX_IMAGE_BYTES / 1024 / 1024} MB; nothing changed.` });
      return;
    }
    const read = await Promise.all(files.map(async (f) => ({ path: f.path, bytes: await f.bytes() })));
    await this.api.addUpload({ kind: 'images', name, files: read });
    await this.applyUpload('images', name);
  }

  /** Tries the uploaded data; if the engine rejects it, the previous dataset stays. */
  private async applyUpload(kind: 'csv' | 'images', name: string): Promise<void> {
    const before = this.state.config;
    const next: ExperimentConfig = { ...before, dataset: { name: kind, options: { upload: name } }, scenario: { kind: 'random', fraction: 0.1 } };
    this.store.dispatch({ type: 'ui:data-loading' });
    const r = await this.track(`Loading ${name}`, () => this.api.prepare(next));
    if (!r.ok) {
      this.store.dispatch({ type: 'ui:data-error', message: `${name} was not loaded: ${r.message}` });
      if (this.prepared && JSON.stringify(this.prepared) !== JSON.stringify(before)) await this.prepare(before);
      return;
    }
    this.prepared = next;
    this.store.dispatch({ type: 'ui:config', config: next });
    this.writeConfig(next);
    this.store.dispatch({ type: 'ui:data', summary: r.value, keep: 'nothing' });
  }

  // ------------------------------------------------------------ compute

  async trainOriginal(): Promise<boolean> {
    const r = await this.track('Training Original', () => this.api.trainOriginal());
    await this.syncResults();
    return r.ok;
  }

  /** The runs "Run selected" makes: Retrain first when checked or missing (every gap is measured against it), then the checked methods. */
  plannedRuns(): MethodRun[] {
    const { methodChoices, methods, models } = this.state;
    const runs: MethodRun[] = [];
    const retrain = methodChoices.retrain;
    if (retrain?.checked || !models.retrain) runs.push({ id: 'retrain', params: { ...(retrain?.params ?? {}) } });
    for (const m of methods) {
      const c = methodChoices[m.id];
      if (m.id !== 'retrain' && c?.checked) runs.push({ id: m.id, params: { ...c.params } });
    }
    return runs;
  }

  /**
   * Runs the planned methods one by one (Original first if needed), recording
   * the run in IndexedDB as `running` and then with its Results and weights.
   */
  async runSelected(): Promise<RunRecord | null> {
    const runs = this.plannedRuns();
    if (!runs.length) return null;
    // Busy from the click to the stored record, not only while worker commands run.
    const label = 'Running the selected methods';
    this.begin(label, true);
    try {
      return await this.runSelectedNow(runs);
    } finally {
      this.end(label, true);
    }
  }

  private async runSelectedNow(runs: MethodRun[]): Promise<RunRecord | null> {
    const config: ExperimentConfig = { ...this.state.config, methods: runs.filter((r) => r.id !== 'retrain') };
    let record: RunRecord | null = null;
    const store = await this.runsReady;
    try {
      record = (await store?.start(config, runs.map((r) => r.id))) ?? null;
    } catch (e) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: `This run will not be kept after a reload: ${messageOf(e)}` });
    }
    // The list shows the run as running at once (and, after a reload, as interrupted).
    if (record) void this.loadRuns(false);
    const body = () => this.runBody(runs, record, store);
    // The lock tells a later page load that this run is alive (see runStore.markInterrupted).
    const out = record && this.locks ? ((await this.locks.request(runLockName(record.id), body)) as RunRecord | null) : await body();
    await this.loadRuns(false);
    return out;
  }

  private async runBody(runs: MethodRun[], record: RunRecord | null, store: RunStore | null): Promise<RunRecord | null> {
    const failures: string[] = [];
    let cancelled = false;
    const generation = this.cancelGeneration;
    if (!this.state.models.original) {
      const r = await this.track('Training Original', () => this.api.trainOriginal());
      if (!r.ok) {
        if (record && store) await store.end(record.id, r.cancelled ? 'cancelled' : 'failed', r.message);
        return null;
      }
    }
    for (const run of runs) {
      // A Cancel that lands between two methods (no command running at that instant) stops the rest too.
      if (this.cancelGeneration !== generation) {
        cancelled = true;
        this.store.dispatch({ type: 'ui:notice', kind: 'info', text: 'Run cancelled; earlier results are kept.' });
        break;
      }
      const label = this.state.methods.find((m) => m.id === run.id)?.label ?? run.id;
      const r = await this.track(`Running ${label}`, () => this.api.runMethod(run));
      if (!r.ok) {
        if (r.cancelled) {
          cancelled = true;
          break;
        }
        failures.push(`${run.id}: ${r.message}`);
      }
    }
    const results = await this.syncResults();
    if (!record || !store) return null;
    const made = runs.map((r) => r.id).filter((id) => results?.models[id]);
    if (!results || !made.length) {
      await store.end(record.id, cancelled ? 'cancelled' : 'failed', failures.join('; ') || (cancelled ? 'cancelled before any model finished' : undefined));
      return null;
    }
    const weights: Record<string, WeightSnapshot> = {};
    for (const id of ['original', ...made]) {
      try {
        if (results.models[id]) weights[id] = await this.api.exportWeights(id);
      } catch {
        // Weights are a bonus; the Results are what the run is.
      }
    }
    // Some models finished: the run is kept as done (or cancelled), and the failures are named in its message.
    const status = cancelled ? 'cancelled' : 'done';
    const message = [cancelled ? 'cancelled; finished models kept' : '', ...failures].filter(Boolean).join('; ') || undefined;
    try {
      return await store.finish(record.id, results, weights, status, message);
    } catch (e) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: `The run finished but could not be stored: ${messageOf(e)}` });
      return null;
    }
  }

  /**
   * The experiment as configured on the page — data, model, forget set, the ticked
   * methods with their parameters (Retrain always), every seed of eval.seeds — for the
   * worker's runExperiment: the CLI's run, from a fresh Original.
   */
  experimentConfig(): ExperimentConfig {
    const { methodChoices, methods, config } = this.state;
    const runs: MethodRun[] = [{ id: 'retrain', params: { ...(methodChoices.retrain?.params ?? {}) } }];
    for (const m of methods) {
      const c = methodChoices[m.id];
      if (m.id !== 'retrain' && c?.checked) runs.push({ id: m.id, params: { ...c.params } });
    }
    return { ...config, methods: runs };
  }

  /**
   * Runs the whole configured experiment end to end and keeps it as a run, ticked for
   * comparison. Its models live in a session of their own in the worker: its events show
   * it live, and at the end the page goes back to this session's own models (which the
   * next "Run selected" builds on), with the experiment's rows in the table under its run.
   */
  async runExperiment(): Promise<RunRecord | null> {
    const config = this.experimentConfig();
    const generation = this.cancelGeneration;
    const label = 'Running the whole experiment';
    this.begin(label, true);
    try {
      const store = await this.runsReady;
      let record: RunRecord | null = null;
      try {
        record = (await store?.start(config, (config.methods as MethodRun[]).map((r) => r.id))) ?? null;
      } catch (e) {
        this.store.dispatch({ type: 'ui:notice', kind: 'error', text: `This run will not be kept after a reload: ${messageOf(e)}` });
      }
      if (record) void this.loadRuns(false);
      const body = async (): Promise<RunRecord | null> => {
        // A Cancel pressed before the worker got the command stops it too.
        if (this.cancelGeneration !== generation) {
          if (record && store) await store.end(record.id, 'cancelled', 'cancelled before it started');
          return null;
        }
        const r = await this.track(label, () => this.api.runExperiment(config));
        await this.syncResults();
        if (!r.ok) {
          if (record && store) await store.end(record.id, r.cancelled ? 'cancelled' : 'failed', r.message);
          return null;
        }
        try {
          if (!record || !store) throw new Error('this browser cannot keep runs (no IndexedDB)');
          const done = await store.finish(record.id, r.value, {});
          this.store.dispatch({ type: 'ui:compare-runs', ids: [...this.state.compareRunIds, done.id] });
          return done;
        } catch (e) {
          this.store.dispatch({ type: 'ui:notice', kind: 'error', text: `The experiment finished but could not be stored, so it cannot be shown: ${messageOf(e)}` });
          return null;
        }
      };
      const out = record && this.locks ? ((await this.locks.request(runLockName(record.id), body)) as RunRecord | null) : await body();
      await this.loadRuns(false);
      return out;
    } finally {
      this.end(label, true);
    }
  }

  async cancel(): Promise<void> {
    this.cancelGeneration++;
    await this.api.cancel();
  }

  /** Selects the `count` samples (of a class, or all) the Original is least sure about. */
  async selectLeastConfident(count: number, cls: number | null): Promise<void> {
    const data = this.state.data;
    if (!data) return;
    if (!this.state.models.original) {
      this.store.dispatch({ type: 'ui:notice', kind: 'info', text: 'Train Original first: "least confident" asks the trained model.' });
      return;
    }
    const candidates = indicesOfClass(data.trainLabels, cls);
    const r = await this.track('Asking the model', () => this.api.probe(candidates));
    if (!r.ok) return;
    this.store.dispatch({ type: 'ui:select', indices: leastConfident(r.value, 'original', count), mode: 'replace' });
  }

  /**
   * Class probabilities of one training sample under every model the worker
   * holds (model id → row), for the sample card shown on hover. Not tracked as
   * work: it shows no progress and runs between a method's steps. Remembered
   * until a model is added or replaced; a failed answer is not remembered.
   */
  sampleProbabilities(index: number): Promise<Record<string, number[]>> {
    const models = this.state.models;
    // Sweeping the pointer over a scatter asks about many points: forget old answers past a bound.
    if (models !== this.sampleCacheFor || this.sampleCache.size >= 1000) {
      this.sampleCache.clear();
      this.sampleCacheFor = models;
    }
    let answer = this.sampleCache.get(index);
    if (!answer) {
      answer = this.api.probe([index]).then((r) => {
        const at = r.indices.indexOf(index);
        if (at < 0) throw new Error(`sample #${index} is not in the training set`);
        return Object.fromEntries(Object.entries(r.probabilities).map(([id, rows]) => [id, rows[at]]));
      });
      this.sampleCache.set(index, answer);
      answer.catch(() => this.sampleCache.delete(index));
    }
    return answer;
  }

  // ------------------------------------------------------------ stored runs

  async loadRuns(markInterrupted: boolean): Promise<void> {
    const runs = await this.runsReady;
    if (!runs) {
      this.store.dispatch({ type: 'ui:runs', runs: null });
      return;
    }
    try {
      if (markInterrupted) {
        const held = new Set(((await this.locks?.query())?.held ?? []).map((l) => l.name));
        await runs.markInterrupted((id) => held.has(runLockName(id)));
      }
      this.store.dispatch({ type: 'ui:runs', runs: await runs.list() });
    } catch (e) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: `Stored runs could not be read: ${messageOf(e)}` });
    }
  }

  async renameRun(id: string, name: string): Promise<void> {
    const runs = await this.runsReady;
    if (!runs) return;
    try {
      await runs.rename(id, name);
    } catch (e) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: messageOf(e) });
    }
    await this.loadRuns(false);
  }

  async deleteRun(id: string): Promise<void> {
    const runs = await this.runsReady;
    if (!runs) return;
    await runs.delete(id);
    await this.loadRuns(false);
  }

  async runWeights(id: string): Promise<Record<string, WeightSnapshot>> {
    const runs = await this.runsReady;
    return runs ? runs.weights(id) : {};
  }

  /** Imports a Results JSON file: validated first; a bad file shows why and changes nothing. */
  async importResults(file: { name: string; size: number; text(): Promise<string> }): Promise<boolean> {
    if (file.size > MAX_IMPORT_BYTES) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: `${file.name}: ${file.size} bytes, larger than the ${MAX_IMPORT_BYTES / 1024 / 1024} MB cap; nothing was imported.` });
      return false;
    }
    // Loaded on demand: import/export code is not needed to show the lab.
    const { parseResultsFile } = await import('./resultsIO');
    const parsed = parseResultsFile(await file.text(), file.name);
    if (!parsed.ok) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: parsed.message });
      return false;
    }
    const runs = await this.runsReady;
    if (!runs) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: 'Storage is unavailable in this browser; nothing was imported.' });
      return false;
    }
    const rec = await runs.addImported(parsed.results, file.name.replace(/\.json$/i, ''));
    await this.loadRuns(false);
    this.store.dispatch({ type: 'ui:compare-runs', ids: [...this.state.compareRunIds, rec.id] });
    this.store.dispatch({ type: 'ui:notice', kind: 'info', text: `Imported ${file.name}: ${Object.keys(parsed.results.models).length} models.` });
    return true;
  }

  /**
   * Keeps config.methods (and so the shared URL) in step with the method
   * checkboxes and parameters. Retrain is left out: it always runs.
   */
  syncMethodsToConfig(): void {
    const { methods, methodChoices, config } = this.state;
    if (!methods.length) return;
    const runs: MethodRun[] = methods
      .filter((m) => m.id !== 'retrain' && methodChoices[m.id]?.checked)
      .map((m) => {
        const params: Record<string, unknown> = {};
        for (const p of m.params) {
          const v = methodChoices[m.id].params[p.name];
          if (v !== undefined && v !== p.default) params[p.name] = v;
        }
        return Object.keys(params).length ? { id: m.id, params } : { id: m.id, params: {} };
      });
    if (JSON.stringify(runs) === JSON.stringify(config.methods)) return;
    const next = { ...config, methods: runs };
    this.store.dispatch({ type: 'ui:config', config: next });
    this.writeConfig(next);
  }

  /** Loads a preset's config (fetched at start) into the panels and prepares it. */
  async applyPreset(p: Preset): Promise<void> {
    await this.setConfig(p.config);
  }
}
