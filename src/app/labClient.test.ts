import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig, type MethodRun } from '../engine/config';
import type { LabEvent } from '../engine/events';
import type { MethodInfo } from '../engine/methods/types';
import type { WeightSnapshot } from '../engine/models/model';
import type { ModelResult, Results } from '../engine/results';
import type { Objective, TrialRecord } from '../engine/tuning/report';
import type { LabWorkerApi } from '../worker/api';
import { plannedRuns } from './client/methodRuns';
import { MAX_CSV_BYTES } from './client/uploads';
import { LabClient } from './labClient';
import { RunStore } from './storage/runStore';
import { initialState } from './store/state';
import { createStore, type Store } from './store/store';
import { dataSummary, modelResult, results as fixtureResults } from './testing/fixtures';

const METHODS: MethodInfo[] = [
  { id: 'retrain', label: 'Retrain', summary: '', params: [] },
  { id: 'muda', label: 'MUDA', summary: '', params: [{ name: 'lambdaDA', label: 'λ_DA', kind: 'number', default: 1, help: '' }] },
  { id: 'ga', label: 'GA', summary: '', params: [] },
];

/** A fake worker: records calls, keeps models, can be told to fail or be cancelled. */
class FakeApi implements LabWorkerApi {
  calls: string[] = [];
  models: Record<string, ModelResult> = {};
  onEvent: ((e: LabEvent) => void) | null = null;
  fail: Record<string, string> = {};
  cancelOn: string | null = null;
  async init() {
    this.calls.push('init');
    return { backend: 'wasm' as const, skipped: {}, runtime: 'test', device: 'test', software: false, forced: false };
  }
  async addUpload() { this.calls.push('addUpload'); }
  async exportWeights(id: string) {
    return { config: DEFAULT_CONFIG.model, inputShape: [784], numClasses: 10, tensors: [{ name: `${id}/w`, shape: [1], data: new Float32Array([1]) }] };
  }
  async listMethods() { return METHODS; }
  async prepare(c: ExperimentConfig) {
    this.calls.push(`prepare ${c.dataset.name}`);
    if (this.fail.prepare) throw new Error(this.fail.prepare);
    return dataSummary({ scenario: c.scenario });
  }
  async setScenario(s: ExperimentConfig['scenario']) {
    this.calls.push(`setScenario ${s.kind}`);
    if (this.fail.setScenario) throw new Error(this.fail.setScenario);
    return dataSummary({ scenario: s });
  }
  async trainOriginal() {
    this.calls.push('trainOriginal');
    this.models.original = modelResult({ timeMs: 1234 });
    return this.models.original;
  }
  restored: WeightSnapshot[] = [];
  async restoreOriginal(snapshot: WeightSnapshot, timeMs: number) {
    this.calls.push(`restoreOriginal ${timeMs}`);
    this.restored.push(snapshot);
    this.models.original = modelResult({ timeMs });
    return this.models.original;
  }
  async runMethod(run: MethodRun) {
    this.calls.push(`runMethod ${run.id} ${JSON.stringify(run.params ?? {})}`);
    if (this.cancelOn === run.id) {
      const e = new Error(`run ${run.id} cancelled`);
      e.name = 'CancelledError';
      throw e;
    }
    if (this.fail[run.id]) throw new Error(this.fail[run.id]);
    this.models[run.id] = modelResult({ method: run.id });
    this.onEvent?.({ type: 'model-done', modelId: run.id, result: this.models[run.id] });
    return this.models[run.id];
  }
  async results(): Promise<Results> {
    return { ...fixtureResults(), models: { ...this.models } };
  }
  async probe(indices: number[]) {
    return { indices, probabilities: { original: indices.map((i) => (i % 7 === 0 ? [0.5, 0.5] : [0.99, 0.01])) } };
  }
  async runExperiment(c: ExperimentConfig): Promise<Results> {
    const ids = c.methods === 'all' ? ['all'] : c.methods.map((r) => `${r.id} ${JSON.stringify(r.params ?? {})}`);
    this.calls.push(`runExperiment seeds=${c.eval.seeds} ${ids.join(', ')}`);
    this.onEvent?.({ type: 'progress', modelId: 'original', fraction: 0.5, etaMs: 2000, message: 'epoch 1 of 2' });
    if (this.cancelOn === 'experiment') {
      const e = new Error('run experiment cancelled');
      e.name = 'CancelledError';
      throw e;
    }
    const ids2 = ['original', ...(c.methods === 'all' ? [] : c.methods.map((r) => r.id))];
    return { ...fixtureResults(), config: c, models: Object.fromEntries(ids2.map((id) => [id, modelResult({ method: id })])) };
  }
  /** Trials the fake Tune reports, one `tune-trial` event each; `afterTrial` runs after each event (e.g. a Cancel). */
  tuneTrials: TrialRecord[] = [];
  afterTrial: (index: number) => Promise<void> = async () => {};
  async tuneMethod(c: ExperimentConfig, methodId: string, trials: number, objective: Objective): Promise<TrialRecord[]> {
    this.calls.push(`tuneMethod ${methodId} ${trials} ${objective} ${JSON.stringify(c.methods)}`);
    if (this.cancelOn === 'tune') {
      const e = new Error('tune cancelled');
      e.name = 'CancelledError';
      throw e;
    }
    const done: TrialRecord[] = [];
    for (const trial of this.tuneTrials.slice(0, trials)) {
      done.push(trial);
      this.onEvent?.({ type: 'tune-trial', method: methodId, trial });
      await this.afterTrial(trial.index);
      // As the worker's: a cancel during the trials ends the command with the finished ones.
      if (this.cancelled) break;
    }
    return done;
  }
  cancelled = false;
  async cancel() {
    this.calls.push('cancel');
    this.cancelled = true;
  }
  async simulateDeviceLoss() { this.calls.push('simulateDeviceLoss'); return 'wasm'; }
  async subscribe(cb: (e: LabEvent) => void) { this.onEvent = cb; }
  async subscribeBatch(cb: (e: LabEvent[]) => void) { this.onEvent = (e) => cb([e]); }
}

let api: FakeApi;
let store: Store;
let runs: RunStore;
let client: LabClient;
let written: ExperimentConfig[];

beforeEach(async () => {
  api = new FakeApi();
  store = createStore(initialState(DEFAULT_CONFIG), { schedule: (fn) => fn() });
  runs = await RunStore.open({ factory: new IDBFactory() });
  written = [];
  client = new LabClient({ api, store, runs, writeConfig: (c) => written.push(c) });
  await client.start({ baseUrl: '/', prepare: true });
});

describe('LabClient start', () => {
  it('selects the backend, lists methods and prepares the default at once', () => {
    expect(api.calls.slice(0, 2)).toEqual(['init', 'prepare mnist']);
    expect(store.getState().methods.map((m) => m.id)).toEqual(['retrain', 'muda', 'ga']);
    expect(store.getState().dataStatus).toBe('ready');
    expect(store.getState().busy).toBeNull();
    expect(store.getState().runs).toEqual([]);
  });
});

describe('LabClient config changes', () => {
  it('a new forget set only rebuilds the scenario; a new dataset prepares again', async () => {
    await client.setConfig({ ...DEFAULT_CONFIG, scenario: { kind: 'random', fraction: 0.1 } });
    expect(api.calls.at(-1)).toBe('setScenario random');
    await client.setConfig({ ...DEFAULT_CONFIG, dataset: { name: 'moons', options: {} } });
    expect(api.calls.at(-1)).toBe('prepare moons');
    expect(written).toHaveLength(2);
  });

  it('a rejected forget set keeps the old one and says why', async () => {
    api.fail.setScenario = 'the forget set is empty';
    await client.setConfig({ ...DEFAULT_CONFIG, scenario: { kind: 'indices', indices: [] } });
    const s = store.getState();
    expect(s.notice?.text).toContain('the forget set is empty');
    expect(s.config.scenario).toEqual(DEFAULT_CONFIG.scenario);
    // The shared link does not keep the refused forget set either.
    expect(written.at(-1)?.scenario).toEqual(DEFAULT_CONFIG.scenario);
  });

  it('a preset ticks its own methods with its parameters, and unticks the others', async () => {
    store.dispatch({ type: 'ui:method-check', id: 'ga', checked: true });
    store.dispatch({ type: 'ui:method-check', id: 'muda', checked: false });
    const config: ExperimentConfig = { ...DEFAULT_CONFIG, seed: 4, methods: [{ id: 'muda', params: { lambdaDA: 2 } }] };
    await client.applyPreset({ file: 'p.json', title: 'p', comment: '', config });
    const choices = store.getState().methodChoices;
    expect([choices.muda, choices.ga.checked, choices.retrain.checked]).toEqual([{ checked: true, params: { lambdaDA: 2 } }, false, true]);
    expect(store.getState().config.seed).toBe(4);
  });

  it('the selection becomes an indices scenario', async () => {
    store.dispatch({ type: 'ui:select', indices: [9, 4], mode: 'replace' });
    await client.useSelection();
    expect(api.calls.at(-1)).toBe('setScenario indices');
    expect(store.getState().config.scenario).toEqual({ kind: 'indices', indices: [4, 9] });
  });

  it('an oversized CSV is refused before reading it', async () => {
    let read = false;
    await client.uploadCsv({ name: 'big.csv', size: MAX_CSV_BYTES + 1, text: async () => { read = true; return ''; } });
    expect(read).toBe(false);
    expect(store.getState().notice?.text).toContain('big.csv');
    expect(api.calls).not.toContain('addUpload');
  });
});

describe('LabClient runs', () => {
  it('trains Original if needed, runs Retrain first, then the checked methods with their params, and stores the run', async () => {
    store.dispatch({ type: 'ui:method-check', id: 'ga', checked: true });
    store.dispatch({ type: 'ui:method-param', id: 'muda', name: 'lambdaDA', value: 2 });
    const rec = await client.runSelected();
    expect(api.calls.filter((c) => c.startsWith('train') || c.startsWith('runMethod'))).toEqual([
      'trainOriginal', 'runMethod retrain {}', 'runMethod muda {"lambdaDA":2}', 'runMethod ga {}',
    ]);
    expect(rec?.status).toBe('done');
    expect(rec?.modelIds).toEqual(['retrain', 'muda', 'ga']);
    expect(rec?.config.methods).toEqual([{ id: 'muda', params: { lambdaDA: 2 } }, { id: 'ga', params: {} }]);
    expect(Object.keys(rec!.results!.models).sort()).toEqual(['ga', 'muda', 'original', 'retrain']);
    expect(Object.keys(await runs.weights(rec!.id)).sort()).toEqual(['ga', 'muda', 'original', 'retrain']);
    expect(store.getState().runs?.map((r) => r.id)).toEqual([rec!.id]);
    expect(Object.keys(store.getState().models).sort()).toEqual(['ga', 'muda', 'original', 'retrain']);
  });

  it('Retrain is not repeated when it exists and is unchecked', async () => {
    await client.runSelected();
    store.dispatch({ type: 'ui:method-check', id: 'retrain', checked: false });
    // The default config checks MUDA and GA (and methods this fake registry lacks).
    expect(plannedRuns(store.getState()).map((r) => r.id)).toEqual(['muda', 'ga']);
  });

  it('a failing method does not lose the others; the run names the failure', async () => {
    store.dispatch({ type: 'ui:method-check', id: 'ga', checked: true });
    api.fail.muda = 'muda diverged at step 40: loss is not finite';
    const rec = await client.runSelected();
    expect(rec?.status).toBe('done');
    expect(rec?.message).toContain('muda diverged at step 40');
    expect(Object.keys(rec!.results!.models).sort()).toEqual(['ga', 'original', 'retrain']);
  });

  it('cancel stops the loop; finished models are kept and the run is marked cancelled', async () => {
    store.dispatch({ type: 'ui:method-check', id: 'ga', checked: true });
    api.cancelOn = 'muda';
    const rec = await client.runSelected();
    expect(api.calls.filter((c) => c.startsWith('runMethod')).map((c) => c.split(' ')[1])).toEqual(['retrain', 'muda']);
    expect(rec?.status).toBe('cancelled');
    expect(store.getState().notice?.kind).toBe('info');
    expect(store.getState().models.retrain).toBeDefined();
  });

  it('a Cancel between two methods stops the rest of the run', async () => {
    store.dispatch({ type: 'ui:method-check', id: 'ga', checked: true });
    // Cancel arrives while Retrain's result is being returned: no command is running at that instant.
    const original = api.runMethod.bind(api);
    api.runMethod = async (run) => {
      const r = await original(run);
      if (run.id === 'retrain') await client.cancel();
      return r;
    };
    const rec = await client.runSelected();
    expect(api.calls.filter((c) => c.startsWith('runMethod')).map((c) => c.split(' ')[1])).toEqual(['retrain']);
    expect(rec?.status).toBe('cancelled');
    expect(Object.keys(rec!.results!.models).sort()).toEqual(['original', 'retrain']);
  });

  it('a run that is still `running` from an earlier page is marked interrupted at start', async () => {
    const stale = await runs.start(DEFAULT_CONFIG, ['muda']);
    const again = new LabClient({ api, store, runs, locks: { request: async (_n, cb) => cb(), query: async () => ({ held: [] }) } });
    await again.start({ baseUrl: '/', prepare: false });
    await new Promise((r) => setTimeout(r, 10));
    expect(store.getState().runs?.find((r) => r.id === stale.id)?.status).toBe('interrupted');
  });
});

describe('LabClient after a reload', () => {
  /** A new page on the same IndexedDB: a fresh worker and store, the config from the URL. */
  async function reopen(config: ExperimentConfig = DEFAULT_CONFIG): Promise<{ api: FakeApi; store: Store; client: LabClient }> {
    const api2 = new FakeApi();
    const store2 = createStore(initialState(config), { schedule: (fn) => fn() });
    const client2 = new LabClient({ api: api2, store: store2, runs, locks: { request: async (_n, cb) => cb(), query: async () => ({ held: [] }) } });
    await client2.start({ baseUrl: '/', prepare: true });
    return { api: api2, store: store2, client: client2 };
  }

  it('the trained Original is put back from storage, not trained again', async () => {
    await client.trainOriginal();
    const page = await reopen();
    expect(page.api.calls).toContain('restoreOriginal 1234');
    expect(page.api.restored[0].tensors[0].name).toBe('original/w');
    expect(page.store.getState().models.original?.timeMs).toBe(1234);
    expect(page.store.getState().notice).toMatchObject({ kind: 'info', text: expect.stringContaining('restored from this browser') });
    // Run selected builds on it.
    await page.client.runSelected();
    expect(page.api.calls).not.toContain('trainOriginal');
  });

  it('an Original trained inside Run selected is kept as well', async () => {
    await client.runSelected();
    expect(api.calls).toContain('trainOriginal');
    expect((await reopen()).api.calls).toContain('restoreOriginal 1234');
  });

  it('a config that trains another Original restores nothing; switching back to the kept one does', async () => {
    await client.trainOriginal();
    const other = { ...DEFAULT_CONFIG, seed: DEFAULT_CONFIG.seed + 1 };
    const page = await reopen(other);
    expect(page.api.calls.filter((c) => c.startsWith('restoreOriginal'))).toEqual([]);
    expect(page.store.getState().models.original).toBeUndefined();
    await page.client.setConfig(DEFAULT_CONFIG);
    expect(page.api.calls).toContain('restoreOriginal 1234');
    // A forget set of another class trains the same Original: it stays, nothing is restored twice.
    await page.client.setConfig({ ...DEFAULT_CONFIG, scenario: { kind: 'class', class: 1 } });
    expect(page.api.calls.filter((c) => c.startsWith('restoreOriginal'))).toHaveLength(1);
  });

  it('Re-run puts an interrupted run\'s config and methods back into the forms and runs them again the way it was made', async () => {
    const config: ExperimentConfig = { ...DEFAULT_CONFIG, seed: 7, methods: [{ id: 'muda', params: { lambdaDA: 3 } }] };
    const stale = await runs.start(config, ['retrain', 'muda'], { kind: 'selected' });
    const page = await reopen();
    expect(page.store.getState().runs?.[0]).toMatchObject({ id: stale.id, status: 'interrupted' });
    const rec = await page.client.rerun(stale.id);
    expect(page.store.getState().config.seed).toBe(7);
    expect(page.store.getState().methodChoices.muda).toEqual({ checked: true, params: { lambdaDA: 3 } });
    expect(page.api.calls.filter((c) => c.startsWith('runMethod'))).toEqual(['runMethod retrain {}', 'runMethod muda {"lambdaDA":3}']);
    expect(rec).toMatchObject({ status: 'done', kind: 'selected', modelIds: ['retrain', 'muda'] });
    expect(page.store.getState().runs?.map((r) => r.status)).toEqual(['done', 'interrupted']);
  });

  it('Re-run of a whole experiment runs the whole experiment again', async () => {
    const config: ExperimentConfig = { ...DEFAULT_CONFIG, methods: [{ id: 'retrain', params: {} }, { id: 'ga', params: {} }] };
    const stale = await runs.start(config, ['retrain', 'ga'], { kind: 'experiment' });
    const page = await reopen();
    const rec = await page.client.rerun(stale.id);
    expect(page.api.calls.filter((c) => c.startsWith('runExperiment'))).toEqual([`runExperiment seeds=${DEFAULT_CONFIG.eval.seeds} retrain {}, ga {}`]);
    expect(rec).toMatchObject({ status: 'done', kind: 'experiment' });
  });
});

describe('LabClient whole experiment', () => {
  it('runs the configured experiment in one worker command — Retrain first, the ticked methods with their params — shows and stores its Results', async () => {
    store.dispatch({ type: 'ui:method-check', id: 'ga', checked: true });
    store.dispatch({ type: 'ui:method-param', id: 'muda', name: 'lambdaDA', value: 2 });
    const busy: (string | null)[] = [];
    const progress: (string | undefined)[] = [];
    const unsubscribe = store.subscribe(() => {
      busy.push(store.getState().busy?.label ?? null);
      progress.push(store.getState().progress?.message);
    });
    const rec = await client.runExperiment();
    unsubscribe();
    expect(api.calls.filter((c) => /^(train|runMethod|runExperiment)/.test(c))).toEqual([
      `runExperiment seeds=${DEFAULT_CONFIG.eval.seeds} retrain {}, muda {"lambdaDA":2}, ga {}`,
    ]);
    expect(busy).toContain('Running the whole experiment');
    expect(store.getState().busy).toBeNull();
    // The run's progress reached the store (the status bar's bar and ETA).
    expect(progress).toContain('epoch 1 of 2');
    expect(rec?.status).toBe('done');
    expect(rec?.modelIds).toEqual(['retrain', 'muda', 'ga']);
    expect(Object.keys(rec!.results!.models).sort()).toEqual(['ga', 'muda', 'original', 'retrain']);
    expect(store.getState().runs?.map((r) => r.id)).toEqual([rec!.id]);
    // Shown as a stored run in the comparison; the page keeps this session's own models (none trained here).
    expect(store.getState().compareRunIds).toEqual([rec!.id]);
    expect(store.getState().models).toEqual({});
  });

  it('cancelled: the stored run says so, nothing else changes', async () => {
    await client.trainOriginal();
    const before = store.getState().models;
    api.cancelOn = 'experiment';
    const rec = await client.runExperiment();
    expect(rec).toBeNull();
    expect(store.getState().notice?.kind).toBe('info');
    expect(store.getState().models).toEqual(before);
    expect(store.getState().runs?.map((r) => r.status)).toEqual(['cancelled']);
    expect(store.getState().compareRunIds).toEqual([]);
    expect(store.getState().busy).toBeNull();
  });
});

describe('LabClient Tune', () => {
  const trial = (index: number, params: TrialRecord['params']): TrialRecord => ({ index, params, objective: index + 1, status: 'ok', gaps: { forget: index, utility: 2 * index } });

  it('tunes from the form\'s settings, streams each trial into the store, and leaves the page\'s models alone', async () => {
    store.dispatch({ type: 'ui:method-param', id: 'muda', name: 'lambdaDA', value: 2 });
    api.tuneTrials = [trial(0, {}), trial(1, { lambdaDA: 20 }), trial(2, { lambdaDA: 0.5 })];
    const seen: number[] = [];
    api.afterTrial = async () => { seen.push(store.getState().tuning!.trials.length); };
    const trials = await client.tuneMethod('muda', 3);
    expect(api.calls.at(-1)).toBe('tuneMethod muda 3 avgGap [{"id":"muda","params":{"lambdaDA":2}}]');
    // Each trial reached the store as it finished, before the command returned.
    expect(seen).toEqual([1, 2, 3]);
    expect(trials?.map((t) => t.index)).toEqual([0, 1, 2]);
    const t = store.getState().tuning!;
    expect(t).toMatchObject({ method: 'muda', budget: 3, base: { lambdaDA: 2 }, running: false });
    expect(t.trials.map((x) => x.index)).toEqual([0, 1, 2]);
    expect(store.getState().models).toEqual({});
    expect(store.getState().runs).toEqual([]);
    expect(store.getState().busy).toBeNull();
  });

  it('a Cancel during a trial keeps the finished trials and says so', async () => {
    api.tuneTrials = [trial(0, {}), trial(1, { lambdaDA: 20 }), trial(2, { lambdaDA: 0.5 })];
    api.afterTrial = async (i) => { if (i === 0) await client.cancel(); };
    await client.tuneMethod('muda', 3);
    expect(store.getState().tuning?.trials.map((x) => x.index)).toEqual([0]);
    expect(store.getState().tuning?.running).toBe(false);
    expect(store.getState().notice).toMatchObject({ kind: 'info', text: expect.stringContaining('the 1 finished trials are kept') });
  });

  it('a Cancel before any trial finished ends the Tune with no trials, as an info line', async () => {
    api.cancelOn = 'tune';
    expect(await client.tuneMethod('muda', 3)).toBeNull();
    expect(store.getState().tuning).toMatchObject({ method: 'muda', trials: [], running: false });
    expect(store.getState().notice?.kind).toBe('info');
  });
});

describe('LabClient import', () => {
  it('a bad file shows the message and changes nothing', async () => {
    await client.runSelected();
    const before = store.getState().runs;
    const ok = await client.importResults({ name: 'bad.json', size: 10, text: async () => '{"schemaVersion": 1, "models": 3}' });
    expect(ok).toBe(false);
    expect(store.getState().notice?.text).toMatch(/^bad\.json is not a Results file/);
    expect(store.getState().runs).toEqual(before);
    const notJson = await client.importResults({ name: 'x.json', size: 5, text: async () => '{oops' });
    expect(notJson).toBe(false);
    expect(store.getState().notice?.text).toContain('x.json is not valid JSON');
  });

  it('a good file becomes a stored run chosen for comparison', async () => {
    const text = JSON.stringify(fixtureResults());
    const ok = await client.importResults({ name: 'paper.json', size: text.length, text: async () => text });
    expect(ok).toBe(true);
    const s = store.getState();
    expect(s.runs?.[0]).toMatchObject({ name: 'paper', status: 'imported' });
    expect(s.compareRunIds).toEqual([s.runs![0].id]);
  });
});

describe('LabClient sample probabilities (hover card)', () => {
  it('asks the worker once per sample while the models stay the same, again after a model is added', async () => {
    await client.trainOriginal();
    let probes = 0;
    const probe = api.probe.bind(api);
    api.probe = async (indices: number[]) => {
      probes++;
      return probe(indices);
    };
    expect(await client.sampleProbabilities(14)).toEqual({ original: [0.5, 0.5] });
    expect(await client.sampleProbabilities(14)).toEqual({ original: [0.5, 0.5] });
    expect(await client.sampleProbabilities(3)).toEqual({ original: [0.99, 0.01] });
    expect(probes).toBe(2);
    await client.runSelected();
    await client.sampleProbabilities(14);
    expect(probes).toBe(3);
    expect(store.getState().busy).toBeNull();
  });

  it('a sample the worker does not know is an error, and it is asked again next time', async () => {
    const probe = api.probe.bind(api);
    api.probe = async () => ({ indices: [], probabilities: { original: [] } });
    await expect(client.sampleProbabilities(99999)).rejects.toThrow(/#99999 is not in the training set/);
    api.probe = probe;
    expect(await client.sampleProbabilities(99999)).toEqual({ original: [0.99, 0.01] });
  });
});

describe('LabClient least confident', () => {
  it('asks the trained Original and selects the lowest-confidence samples of the class', async () => {
    await client.trainOriginal();
    await client.selectLeastConfident(2, 0);
    // Class 0 of the fixture labels is every 10th index; i % 7 === 0 scores 0.5: indices 0 and 70.
    expect(store.getState().selection).toEqual([0, 70]);
  });
});
