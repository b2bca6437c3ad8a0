import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../../engine/config';
import type { MethodInfo } from '../../engine/methods/types';
import type { LabClient } from '../labClient';
import { initialState } from '../store/state';
import { createStore, type Store } from '../store/store';
import { config, dataSummary } from '../testing/fixtures';
import { clientCommands, dataMatches, fingerprint, waitForState } from './clientCommands';
import { lesson3 } from './l3Observation';
import { result } from './testFixtures';

const METHODS: MethodInfo[] = [
  { id: 'retrain', label: 'Retrain', summary: '', params: [] },
  { id: 'muda', label: 'MUDA', summary: '', params: [{ name: 'lambdaDA', label: 'λ_DA', kind: 'number', default: 5, help: '' }, { name: 'mode', label: 'step mode', kind: 'choice', default: 'alternate', options: ['alternate', 'joint'], help: '' }] },
  { id: 'ga', label: 'GA', summary: '', params: [{ name: 'lr', label: 'learning rate', kind: 'number', default: 1e-4, help: '' }] },
];

function setup(behaviour: { runFails?: string } = {}) {
  const store: Store = createStore(initialState(config()), { minIntervalMs: 0, schedule: (fn) => fn() });
  store.dispatch({ type: 'ui:methods', methods: METHODS });
  const ran: { id: string; params: unknown }[] = [];
  let t = 0;
  const client = {
    async setConfig(c: ExperimentConfig) {
      store.dispatch({ type: 'ui:config', config: c });
      store.dispatch({ type: 'ui:data', keep: 'nothing', summary: dataSummary({ name: c.dataset.name, scenario: c.scenario, split: { train: 2500, test: 1000, forget: 277, retain: 2223, retainReference: 500 } }) });
    },
    async trainOriginal() {
      store.dispatch({ type: 'model-done', modelId: 'original', result: result({}) });
      return true;
    },
    /** Like LabClient.runSelected: runs what is checked, with the form's parameters. */
    async runSelected() {
      const s = store.getState();
      for (const m of s.methods.filter((x) => s.methodChoices[x.id].checked)) {
        ran.push({ id: m.id, params: s.methodChoices[m.id].params });
        if (behaviour.runFails) {
          store.dispatch({ type: 'ui:notice', kind: behaviour.runFails === 'cancel' ? 'info' : 'error', text: behaviour.runFails === 'cancel' ? `Running ${m.label}: cancelled; earlier results are kept.` : `Running ${m.label}: ${behaviour.runFails}` });
          continue;
        }
        store.dispatch({ type: 'model-done', modelId: m.id, result: result({}, { method: m.id, params: s.methodChoices[m.id].params, timeMs: ++t }) });
      }
      return null;
    },
  } as unknown as LabClient;
  return { store, cmds: clientCommands(client, store), ran };
}

describe('lesson commands over the lab client', () => {
  it('apply makes the lesson\'s config the lab\'s and checks the prepared data is the lesson\'s', async () => {
    const { store, cmds } = setup();
    expect(await cmds.apply(lesson3.config)).toEqual({ ok: true });
    expect(store.getState().config).toBe(lesson3.config);
  });

  it('runMethod ticks only that method, fills the form with the lesson\'s parameters over the defaults, and returns its new result', async () => {
    const { store, cmds, ran } = setup();
    store.dispatch({ type: 'ui:method-check', id: 'ga', checked: true });
    store.dispatch({ type: 'ui:method-param', id: 'muda', name: 'lambdaDA', value: 99 });
    const r = await cmds.runMethod({ id: 'muda', params: { mode: 'joint' } });
    expect(ran).toEqual([{ id: 'muda', params: { lambdaDA: 5, mode: 'joint' } }]);
    expect(r.ok && r.result.params).toEqual({ lambdaDA: 5, mode: 'joint' });
    expect(store.getState().methodChoices.ga.checked).toBe(false);
  });

  it('a run that leaves no new model reports the lab\'s message; a cancel is marked as one', async () => {
    const failing = setup({ runFails: 'device lost' });
    expect(await failing.cmds.runMethod({ id: 'ga' })).toEqual({ ok: false, message: 'Running GA: device lost', cancelled: false });
    const cancelled = setup({ runFails: 'cancel' });
    const r = await cancelled.cmds.runMethod({ id: 'ga' });
    expect(r.ok === false && r.cancelled).toBe(true);
  });

  it('an unknown method is refused without running anything', async () => {
    const { cmds, ran } = setup();
    expect(await cmds.runMethod({ id: 'nope' })).toEqual({ ok: false, message: 'the lab has no method "nope"' });
    expect(ran).toEqual([]);
  });

  it('dataMatches checks dataset, forget scenario and MNIST subset size', () => {
    const c = lesson3.config;
    const d = dataSummary({ name: 'mnist', scenario: { kind: 'class', class: 3 }, split: { train: 2500, test: 1000, forget: 277, retain: 2223, retainReference: 500 } });
    expect(dataMatches(d, c)).toBe(true);
    expect(dataMatches({ ...d, split: { ...d.split, train: 8000 } }, c)).toBe(false);
    expect(dataMatches({ ...d, scenario: { kind: 'class', class: 4 } }, c)).toBe(false);
    expect(dataMatches(null, c)).toBe(false);
  });

  it('fingerprint tells two runs of one method apart by their wall time', () => {
    expect(fingerprint(result({}, { timeMs: 1 }))).not.toBe(fingerprint(result({}, { timeMs: 2 })));
    expect(fingerprint(undefined)).toBe('');
  });

  it('waitForState resolves when the state turns true, or false at the timeout', async () => {
    const { store } = setup();
    const later = waitForState(store, (s) => s.largeType, 1000);
    store.dispatch({ type: 'ui:large-type', on: true });
    expect(await later).toBe(true);
    expect(await waitForState(store, (s) => s.runs !== null, 10)).toBe(false);
  });
});
