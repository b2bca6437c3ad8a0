import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../engine/config';
import { TUNED_DEFAULTS } from '../../engine/methods/tunedDefaults';
import type { MethodInfo } from '../../engine/methods/types';
import type { TrialRecord } from '../../engine/tuning/report';
import { classScenarioStream, dataSummary, modelResult, results } from '../testing/fixtures';
import { applySelection, formDefaults, initialChoices, MAX_LOG_LINES, MAX_TRAIN_POINTS, reduce, type Action } from './reducer';
import { initialState, type LabState } from './state';
import { createStore } from './store';

function replay(actions: Action[], from: LabState = initialState(DEFAULT_CONFIG)): LabState {
  return actions.reduce(reduce, from);
}

describe('reducer on a recorded class-scenario stream', () => {
  const s = replay(classScenarioStream());

  it('keeps the backend report with its skipped reasons', () => {
    expect(s.backend?.backend).toBe('wasm');
    expect(s.backend?.skipped.webgpu).toBe('software adapter (SwiftShader)');
  });

  it('makes the training step monotone across epochs when the engine restarts it', () => {
    expect(s.trainHistory.original.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(s.trainHistory.original.map((p) => p.epoch)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(s.trainHistory.original[4].loss).toBeCloseTo(0.9, 10);
    expect(s.trainHistory.original[3].acc).toBeCloseTo(0.7, 10);
  });

  it('keeps the curve of MUDA and both finished models', () => {
    expect(Object.keys(s.models).sort()).toEqual(['muda', 'original']);
    expect(s.curves.muda.map((p) => p.DA)).toEqual([0.9, 0.5, 0.32]);
    expect(s.models.muda.metrics.UA).toBe(0.97);
  });

  it('clears the progress of a model once it is done', () => {
    expect(s.progress).toBeNull();
  });

  it('bumps the revision for every event that changes plotted data', () => {
    // 6 train-steps + 1 train phase + 1 unlearn phase + 3 curves + 2 model-done.
    expect(s.revision).toBe(13);
  });
});

describe('reducer, single events', () => {
  const base = initialState(DEFAULT_CONFIG);

  it('progress clamps the fraction into [0, 1] and negative ETA to 0', () => {
    const s = reduce(base, { type: 'progress', modelId: 'muda', fraction: 1.7, etaMs: -5, message: 'x' });
    expect(s.progress).toEqual({ modelId: 'muda', fraction: 1, etaMs: 0, message: 'x' });
    expect(reduce(base, { type: 'progress', modelId: 'm', fraction: NaN, etaMs: 1, message: '' }).progress?.fraction).toBe(0);
  });

  it('a new unlearn phase restarts that model\'s live curve only', () => {
    let s = replay([
      { type: 'curve', modelId: 'ga', point: { step: 0, loss: 1 } },
      { type: 'curve', modelId: 'muda', point: { step: 0, loss: 1 } },
    ]);
    s = reduce(s, { type: 'phase', phase: 'unlearn', modelId: 'ga', label: 'GA' });
    expect(s.curves.ga).toEqual([]);
    expect(s.curves.muda).toHaveLength(1);
  });

  it('an error names the model and lands in the notice and the log', () => {
    const s = reduce(base, { type: 'error', modelId: 'ga', message: 'ga diverged at step 40: loss is not finite; kept the last finite weights' });
    expect(s.notice).toEqual({ kind: 'error', text: 'ga: ga diverged at step 40: loss is not finite; kept the last finite weights' });
    expect(s.logs.at(-1)?.level).toBe('error');
  });

  it('the log is capped', () => {
    const actions: Action[] = Array.from({ length: MAX_LOG_LINES + 50 }, (_, i) => ({ type: 'log', level: 'info', message: `line ${i}` }));
    const s = replay(actions);
    expect(s.logs).toHaveLength(MAX_LOG_LINES);
    expect(s.logs[0].message).toBe('line 50');
    expect(s.logs.at(-1)?.message).toBe(`line ${MAX_LOG_LINES + 49}`);
  });

  it('a long training history is halved instead of growing without bound', () => {
    const actions: Action[] = Array.from({ length: MAX_TRAIN_POINTS + 1 }, (_, i) => ({ type: 'train-step', modelId: 'original', epoch: 0, step: i, loss: 1 }));
    const s = replay(actions);
    expect(s.trainHistory.original).toHaveLength(MAX_TRAIN_POINTS / 2 + 1);
    expect(s.trainHistory.original.at(-1)?.step).toBe(MAX_TRAIN_POINTS);
  });

  it('done replaces the models with the Results and keeps their curves', () => {
    const r = results();
    const s = reduce(base, { type: 'done', results: r });
    expect(Object.keys(s.models).sort()).toEqual(['ga', 'muda', 'original', 'retrain']);
    expect(s.curves.retrain).toEqual(r.models.retrain.curves);
    expect(s.results).toBe(r);
  });

  it('done drops the live curves of models the Results do not hold (a whole experiment\'s own session)', () => {
    const live = reduce(base, { type: 'curve', modelId: 'ga#lr=0.02', point: { step: 1, loss: 1, DA: 0.9 } });
    const s = reduce(live, { type: 'done', results: results() });
    expect(s.curves['ga#lr=0.02']).toBeUndefined();
    expect(Object.keys(s.curves).sort()).toEqual(['ga', 'muda', 'retrain']);
  });

  it('new data forgets every model; a new forget set keeps Original only', () => {
    const withModels = reduce(base, { type: 'done', results: results() });
    const newData = reduce(withModels, { type: 'ui:data', summary: dataSummary(), keep: 'nothing' });
    expect(newData.models).toEqual({});
    expect(newData.results).toBeNull();
    const newScenario = reduce(withModels, { type: 'ui:data', summary: dataSummary(), keep: 'original' });
    expect(Object.keys(newScenario.models)).toEqual(['original']);
  });

  it('keeps the training path per model; new data drops it, a new forget set keeps the Original\'s', () => {
    let s = reduce(base, { type: 'train-path', modelId: 'original', path: { kind: 'fused', dispatchesPerStep: 11 } });
    s = reduce(s, { type: 'train-path', modelId: 'retrain', path: { kind: 'tfjs', reason: 'the active tfjs backend is wasm, not webgpu' } });
    expect(s.trainPaths).toEqual({
      original: { kind: 'fused', dispatchesPerStep: 11 },
      retrain: { kind: 'tfjs', reason: 'the active tfjs backend is wasm, not webgpu' },
    });
    expect(s.revision).toBe(base.revision);
    expect(reduce(s, { type: 'ui:data', summary: dataSummary(), keep: 'nothing' }).trainPaths).toEqual({});
    expect(reduce(s, { type: 'ui:data', summary: dataSummary(), keep: 'original' }).trainPaths).toEqual({ original: { kind: 'fused', dispatchesPerStep: 11 } });
  });

  it('an indices scenario becomes the selection', () => {
    const s = reduce(base, { type: 'ui:data', summary: dataSummary({ scenario: { kind: 'indices', indices: [5, 2] }, forget: [2, 5] }), keep: 'original' });
    expect(s.selection).toEqual([2, 5]);
  });

  it('a data error keeps the previous data ready and shows the message', () => {
    const ready = reduce(base, { type: 'ui:data', summary: dataSummary(), keep: 'nothing' });
    const s = reduce(reduce(ready, { type: 'ui:data-loading' }), { type: 'ui:data-error', message: 'upload.csv row 3: expected 3 columns, got 2' });
    expect(s.dataStatus).toBe('ready');
    expect(s.data).toBe(ready.data);
    expect(s.notice?.text).toBe('upload.csv row 3: expected 3 columns, got 2');
    expect(reduce(base, { type: 'ui:data-error', message: 'x' }).dataStatus).toBe('error');
  });

  it('model-done for another model leaves the running progress alone', () => {
    let s = reduce(base, { type: 'progress', modelId: 'muda', fraction: 0.5, etaMs: 100, message: '' });
    s = reduce(s, { type: 'model-done', modelId: 'ga', result: modelResult() });
    expect(s.progress?.modelId).toBe('muda');
  });
});

describe('selection', () => {
  it('replace, add, toggle and remove keep a sorted unique list', () => {
    expect(applySelection([3, 1], [2, 2, 9], 'replace')).toEqual([2, 9]);
    expect(applySelection([3, 1], [2, 3], 'add')).toEqual([1, 2, 3]);
    expect(applySelection([1, 2, 3], [2, 4], 'toggle')).toEqual([1, 3, 4]);
    expect(applySelection([1, 2, 3], [2, 7], 'remove')).toEqual([1, 3]);
  });

  it('ignores negative and non-integer indices', () => {
    expect(applySelection([], [-1, 1.5, 4], 'add')).toEqual([4]);
  });
});

describe('method choices', () => {
  // The schema's own defaults: the tuned ones have their tests below.
  const REFERENCE = { ...DEFAULT_CONFIG, methodDefaults: 'reference' as const };
  const methods: MethodInfo[] = [
    { id: 'retrain', label: 'Retrain', summary: '', params: [] },
    { id: 'muda', label: 'MUDA', summary: '', params: [{ name: 'lambdaDA', label: 'λ_DA', kind: 'number', default: 1, help: 'weight of DA' }, { name: 'steps', label: 'steps', kind: 'int', default: 100, help: '' }] },
    { id: 'ssd', label: 'SSD', summary: '', params: [{ name: 'alpha', label: 'α', kind: 'number', default: 10, help: '' }] },
  ];

  it('checks Retrain and the config\'s methods, with config params over schema defaults', () => {
    const cfg = { ...REFERENCE, methods: [{ id: 'muda', params: { lambdaDA: 2.5, bogus: 1 } }] };
    const c = initialChoices(methods, cfg, {});
    expect(c.retrain.checked).toBe(true);
    expect(c.muda).toEqual({ checked: true, params: { lambdaDA: 2.5, steps: 100 } });
    expect(c.ssd).toEqual({ checked: false, params: { alpha: 10 } });
  });

  it('"all" checks every method', () => {
    const c = initialChoices(methods, { ...REFERENCE, methods: 'all' }, {});
    expect(Object.values(c).every((x) => x.checked)).toBe(true);
  });

  it('edits go through the reducer', () => {
    let s = reduce(initialState(REFERENCE), { type: 'ui:methods', methods });
    s = reduce(s, { type: 'ui:method-param', id: 'muda', name: 'lambdaDA', value: 0.25 });
    s = reduce(s, { type: 'ui:method-check', id: 'ssd', checked: true });
    expect(s.methodChoices.muda.params.lambdaDA).toBe(0.25);
    expect(s.methodChoices.ssd.checked).toBe(true);
    expect(reduce(s, { type: 'ui:method-check', id: 'nope', checked: true })).toBe(s);
  });

  it('several parameters at once (an adopted tuning trial) keep the others', () => {
    let s = reduce(initialState(REFERENCE), { type: 'ui:methods', methods });
    s = reduce(s, { type: 'ui:method-params', id: 'muda', params: { lambdaDA: 20, steps: 7 } });
    expect(s.methodChoices.muda.params).toEqual({ lambdaDA: 20, steps: 7 });
    s = reduce(s, { type: 'ui:method-params', id: 'muda', params: { steps: 9 } });
    expect(s.methodChoices.muda.params).toEqual({ lambdaDA: 20, steps: 9 });
    expect(reduce(s, { type: 'ui:method-params', id: 'nope', params: { steps: 1 } })).toBe(s);
  });
  it('under methodDefaults "tuned" the forms start at the values tuned for the scenario family (only parameters the schema has)', () => {
    const tuned = TUNED_DEFAULTS.class.muda;
    const mudaInfo: MethodInfo = { id: 'muda', label: 'MUDA', summary: '', params: [
      { name: 'lambdaDA', label: 'λ_DA', kind: 'number', default: 5, help: '' }, { name: 'epochs', label: 'E', kind: 'int', default: 15, help: '' },
      { name: 'mode', label: 'mode', kind: 'choice', default: 'alternate', options: ['alternate', 'joint'], help: '' },
    ] };
    const c = initialChoices([mudaInfo], { ...DEFAULT_CONFIG, methodDefaults: 'tuned' }, {});
    expect(c.muda.params).toEqual({ lambdaDA: tuned.lambdaDA, epochs: tuned.epochs, mode: 'alternate' });
    expect(formDefaults(mudaInfo, REFERENCE)).toEqual({ lambdaDA: 5, epochs: 15, mode: 'alternate' });
  });

  it('a config change that moves the defaults moves every field still at its old default, and keeps what the person typed', () => {
    const mudaInfo: MethodInfo = { id: 'muda', label: 'MUDA', summary: '', params: [
      { name: 'lambdaDA', label: 'λ_DA', kind: 'number', default: 5, help: '' }, { name: 'epochs', label: 'E', kind: 'int', default: 15, help: '' },
    ] };
    const tunedConfig = { ...DEFAULT_CONFIG, methodDefaults: 'tuned' as const };
    let s = reduce(initialState(tunedConfig), { type: 'ui:methods', methods: [mudaInfo] });
    s = reduce(s, { type: 'ui:method-param', id: 'muda', name: 'epochs', value: 3 });
    s = reduce(s, { type: 'ui:config', config: REFERENCE });
    expect(s.methodChoices.muda.params).toEqual({ lambdaDA: 5, epochs: 3 });
    // Random forgetting has its own tuned values; moons has none.
    s = reduce(s, { type: 'ui:config', config: { ...tunedConfig, scenario: { kind: 'random', fraction: 0.1 } } });
    expect(s.methodChoices.muda.params).toEqual({ lambdaDA: TUNED_DEFAULTS.random.muda.lambdaDA, epochs: 3 });
    const same = reduce(s, { type: 'ui:config', config: { ...tunedConfig, scenario: { kind: 'random', fraction: 0.2 } } });
    expect(same.methodChoices).toBe(s.methodChoices);
    s = reduce(s, { type: 'ui:config', config: { ...tunedConfig, dataset: { name: 'moons', options: {} }, scenario: { kind: 'random', fraction: 0.1 } } });
    expect(s.methodChoices.muda.params).toEqual({ lambdaDA: 5, epochs: 3 });
  });
});

describe('tuning in the state', () => {
  const trial = (index: number, objective = index): TrialRecord => ({ index, params: { lr: index / 10 }, objective, status: 'ok', gaps: { forget: index, utility: index } });
  const started = reduce(initialState(DEFAULT_CONFIG), { type: 'ui:tune-start', method: 'ga', budget: 3, base: { lr: 0.01, epochs: 1 } });

  it('collects the streamed trials of the tuned method in index order; another method\'s are ignored', () => {
    const s = replay([
      { type: 'tune-trial', method: 'ga', trial: trial(1) },
      { type: 'tune-trial', method: 'ga', trial: trial(0) },
      { type: 'tune-trial', method: 'muda', trial: trial(2) },
    ], started);
    expect(s.tuning).toMatchObject({ method: 'ga', budget: 3, base: { lr: 0.01, epochs: 1 }, running: true });
    expect(s.tuning!.trials.map((t) => t.index)).toEqual([0, 1]);
  });

  it('the end merges the command\'s answer: a trial that came both ways counts once, a late one is added', () => {
    const s = replay([
      { type: 'tune-trial', method: 'ga', trial: trial(0) },
      { type: 'ui:tune-end', trials: [trial(0), trial(1, 5)] },
    ], started);
    expect(s.tuning!.running).toBe(false);
    expect(s.tuning!.trials.map((t) => [t.index, t.objective])).toEqual([[0, 0], [1, 5]]);
    // A failed command keeps what streamed in.
    const failed = replay([{ type: 'tune-trial', method: 'ga', trial: trial(0) }, { type: 'ui:tune-end' }], started);
    expect(failed.tuning!.trials).toHaveLength(1);
  });

  it('a new Tune starts over; Close clears a finished one but not a running one', () => {
    const done = replay([{ type: 'tune-trial', method: 'ga', trial: trial(0) }, { type: 'ui:tune-end' }], started);
    expect(reduce(done, { type: 'ui:tune-start', method: 'muda', budget: 6, base: {} }).tuning).toMatchObject({ method: 'muda', trials: [], running: true });
    expect(reduce(done, { type: 'ui:tune-clear' }).tuning).toBeNull();
    expect(reduce(started, { type: 'ui:tune-clear' }).tuning).toBe(started.tuning);
  });

  it('new data or a new forget set drops finished trials (they measured other data); a running Tune keeps reporting', () => {
    const done = reduce(started, { type: 'ui:tune-end', trials: [trial(0)] });
    expect(reduce(done, { type: 'ui:data', summary: dataSummary(), keep: 'original' }).tuning).toBeNull();
    expect(reduce(started, { type: 'ui:data', summary: dataSummary(), keep: 'nothing' }).tuning).toBe(started.tuning);
  });
});

describe('store', () => {
  it('coalesces worker events but publishes UI actions at once', () => {
    const timers: (() => void)[] = [];
    let t = 0;
    const store = createStore(initialState(DEFAULT_CONFIG), { minIntervalMs: 50, now: () => t, schedule: (fn) => timers.push(fn) });
    let calls = 0;
    store.subscribe(() => calls++);
    for (const e of classScenarioStream()) store.dispatch(e);
    expect(calls).toBe(0);
    expect(timers).toHaveLength(1);
    expect(store.getState().models.muda).toBeDefined();
    expect(store.getSnapshot().models.muda).toBeUndefined();
    t = 60;
    timers.shift()!();
    expect(calls).toBe(1);
    expect(store.getSnapshot().models.muda).toBeDefined();
    store.dispatch({ type: 'ui:large-type', on: true });
    expect(calls).toBe(2);
    expect(store.getSnapshot().largeType).toBe(true);
  });
});

describe('stored runs in the state', () => {
  it('choosing runs to compare drops ids that are no longer stored', () => {
    const rec = (id: string) => ({ id, name: id, status: 'done' as const, createdAt: '', updatedAt: '', config: DEFAULT_CONFIG, modelIds: [], weightIds: [] });
    let s = reduce(initialState(DEFAULT_CONFIG), { type: 'ui:runs', runs: [rec('a'), rec('b')] });
    s = reduce(s, { type: 'ui:compare-runs', ids: ['a', 'b', 'a'] });
    expect(s.compareRunIds).toEqual(['a', 'b']);
    s = reduce(s, { type: 'ui:runs', runs: [rec('b')] });
    expect(s.compareRunIds).toEqual(['b']);
  });

  it('a new listing keeps the records that did not change as the objects the page holds, and the same list when nothing changed', () => {
    const rec = (id: string, updatedAt = 't0') => ({ id, name: id, status: 'done' as const, createdAt: '', updatedAt, config: DEFAULT_CONFIG, modelIds: [], weightIds: [] });
    const s0 = reduce(initialState(DEFAULT_CONFIG), { type: 'ui:runs', runs: [rec('a'), rec('b')] });
    const [a, b] = s0.runs!;
    const s1 = reduce(s0, { type: 'ui:runs', runs: [rec('c'), rec('a'), rec('b', 't1')] });
    expect(s1.runs![1]).toBe(a);
    expect(s1.runs![2]).not.toBe(b);
    expect(s1.runs!.map((r) => `${r.id}@${r.updatedAt}`)).toEqual(['c@t0', 'a@t0', 'b@t1']);
    expect(reduce(s1, { type: 'ui:runs', runs: [rec('c'), rec('a'), rec('b', 't1')] }).runs).toBe(s1.runs);
    expect(reduce(s1, { type: 'ui:runs', runs: null }).runs).toBeNull();
  });
});

describe('backend events', () => {
  const report = { backend: 'wasm' as const, skipped: {}, runtime: 'chromium 156', device: 'WebAssembly SIMD', software: false, forced: false };
  it('a plain backend report changes the badge only', () => {
    const s = reduce(initialState(DEFAULT_CONFIG), { type: 'backend', report });
    expect(s.backend?.backend).toBe('wasm');
    expect(s.notice).toBeNull();
  });
  it('a fallback after a lost device also shows a notice naming both backends and the reason', () => {
    const s = reduce(initialState(DEFAULT_CONFIG), { type: 'backend', report: { ...report, backend: 'cpu', fellBackFrom: 'wasm', reason: 'device lost: simulated' } });
    expect(s.backend?.backend).toBe('cpu');
    expect(s.notice).toEqual({ kind: 'error', text: 'The wasm backend was lost (device lost: simulated); the lab switched to cpu and restarted the interrupted step.' });
  });
});
