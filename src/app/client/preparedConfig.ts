/**
 * The edited experiment config, kept in three places at once: the store (the
 * panels), the URL (a shared link), and the worker, which prepares the data
 * and the forget set for it. A change the worker refuses leaves the config
 * it last prepared in all three.
 */
import type { ExperimentConfig, MethodRun, ScenarioConfig } from '../../engine/config';
import type { LabWorkerApi } from '../../worker/api';
import type { Store } from '../store/store';
import type { BusyTracker } from './busy';
import { configMethodRuns, extraRuns } from './methodRuns';
import { syncResults } from './syncResults';

/** Config fields that decide the dataset or the Original: changing them needs `prepare`, not just a new forget set. */
function needsPrepare(a: ExperimentConfig, b: ExperimentConfig): boolean {
  return JSON.stringify([a.dataset, a.seed, a.model, a.train, a.eval]) !== JSON.stringify([b.dataset, b.seed, b.model, b.train, b.eval]);
}

export class PreparedConfig {
  private readonly api: LabWorkerApi;
  private readonly store: Store;
  private readonly busy: BusyTracker;
  private readonly writeConfig: (config: ExperimentConfig) => void;
  /** The config the worker has prepared (null before the first prepare). */
  private prepared: ExperimentConfig | null = null;

  constructor(api: LabWorkerApi, store: Store, busy: BusyTracker, writeConfig: (config: ExperimentConfig) => void) {
    this.api = api;
    this.store = store;
    this.busy = busy;
    this.writeConfig = writeConfig;
  }

  /** Sets the edited config, writes it to the URL, and asks the worker for what changed. */
  async set(config: ExperimentConfig, opts: { apply?: boolean } = {}): Promise<void> {
    this.show(config);
    if (opts.apply === false) return;
    if (!this.prepared || needsPrepare(this.prepared, config)) await this.prepare(config);
    else if (JSON.stringify(this.prepared.scenario) !== JSON.stringify(config.scenario)) await this.setScenario(config.scenario);
  }

  async prepare(config: ExperimentConfig): Promise<void> {
    this.store.dispatch({ type: 'ui:data-loading' });
    const r = await this.busy.track(`Loading ${config.dataset.name}`, () => this.api.prepare(config));
    if (!r.ok) {
      this.store.dispatch({ type: 'ui:data-error', message: `The data could not be prepared: ${r.message}` });
      return;
    }
    const keepOriginal = !!this.prepared && !needsPrepare(this.prepared, config);
    this.prepared = config;
    this.store.dispatch({ type: 'ui:data', summary: r.value, keep: keepOriginal ? 'original' : 'nothing' });
    await syncResults(this.api, this.store);
  }

  private async setScenario(scenario: ScenarioConfig): Promise<void> {
    const r = await this.busy.track('Building the forget set', () => this.api.setScenario(scenario));
    if (!r.ok) {
      this.store.dispatch({ type: 'ui:data-error', message: `The forget set was not changed: ${r.message}` });
      // The worker kept the old forget set; so does the edited config.
      if (this.prepared) this.show({ ...this.store.getState().config, scenario: this.prepared.scenario });
      return;
    }
    if (this.prepared) this.prepared = { ...this.prepared, scenario };
    this.store.dispatch({ type: 'ui:data', summary: r.value, keep: 'original' });
    await syncResults(this.api, this.store);
  }

  /** The hand-picked selection becomes the forget set. */
  async useSelection(): Promise<void> {
    const { selection, config } = this.store.getState();
    if (!selection.length) {
      this.store.dispatch({ type: 'ui:notice', kind: 'error', text: 'Select at least one sample first.' });
      return;
    }
    await this.set({ ...config, scenario: { kind: 'indices', indices: [...selection] } });
  }

  /** Tries uploaded data (already handed to the worker); if the engine rejects it, the previous dataset stays. */
  async useUpload(kind: 'csv' | 'images', name: string): Promise<void> {
    const before = this.store.getState().config;
    const next: ExperimentConfig = { ...before, dataset: { name: kind, options: { upload: name } }, scenario: { kind: 'random', fraction: 0.1 } };
    this.store.dispatch({ type: 'ui:data-loading' });
    const r = await this.busy.track(`Loading ${name}`, () => this.api.prepare(next));
    if (!r.ok) {
      this.store.dispatch({ type: 'ui:data-error', message: `${name} was not loaded: ${r.message}` });
      if (this.prepared && JSON.stringify(this.prepared) !== JSON.stringify(before)) await this.prepare(before);
      return;
    }
    this.prepared = next;
    this.show(next);
    this.store.dispatch({ type: 'ui:data', summary: r.value, keep: 'nothing' });
  }

  /**
   * Keeps config.methods (and so the shared URL) in step with the method
   * checkboxes and parameters. Retrain is left out: it always runs.
   */
  syncMethods(): void {
    const state = this.store.getState();
    if (!state.methods.length) return;
    const runs = configMethodRuns(state);
    if (JSON.stringify(runs) === JSON.stringify(state.config.methods)) return;
    this.show({ ...state.config, methods: runs });
  }

  /** Adds a further run of a method (its id, parameters and label) to the experiment: Run whole experiment runs it beside the method's first run. */
  addRun(run: MethodRun): void {
    this.syncMethods();
    const config = this.store.getState().config;
    this.show({ ...config, methods: [...(config.methods === 'all' ? [] : config.methods), run] });
  }

  /** Removes the i-th further run (in extraRuns order). */
  removeExtraRun(i: number): void {
    const config = this.store.getState().config;
    const extra = extraRuns(config)[i];
    if (!extra || config.methods === 'all') return;
    this.show({ ...config, methods: config.methods.filter((r) => r !== extra) });
  }

  /** The config in the panels and in the URL, without asking the worker. */
  private show(config: ExperimentConfig): void {
    this.store.dispatch({ type: 'ui:config', config });
    this.writeConfig(config);
  }
}
