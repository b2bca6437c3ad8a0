import { describe, expect, it } from 'vitest';
import { TUNED_DEFAULTS } from '../../engine/methods/tunedDefaults';
import type { MethodInfo } from '../../engine/methods/types';
import type { LabState } from '../store/state';
import { modelResult } from '../testing/fixtures';
import { DEFAULT_CONFIG, type MethodRun } from '../../engine/config';
import { configMethodRuns, experimentRuns, extraRuns, plannedRuns } from './methodRuns';

const METHODS: MethodInfo[] = [
  { id: 'retrain', label: 'Retrain', summary: '', params: [{ name: 'epochs', label: 'epochs', kind: 'number', default: 10, help: '' }] },
  { id: 'muda', label: 'MUDA', summary: '', params: [{ name: 'lambdaDA', label: 'λ_DA', kind: 'number', default: 1, help: '' }, { name: 'mode', label: 'mode', kind: 'choice', default: 'alternate', options: ['alternate', 'joint'], help: '' }] },
  { id: 'ga', label: 'GA', summary: '', params: [] },
  { id: 'fisher', label: 'Fisher', summary: '', params: [] },
];

function forms(checked: string[], models: LabState['models'] = {}, extra: MethodRun[] = []): Pick<LabState, 'methods' | 'methodChoices' | 'models' | 'config'> {
  return {
    config: { ...DEFAULT_CONFIG, methods: [{ id: 'muda', params: { lambdaDA: 2 } }, ...extra] },
    methods: METHODS,
    methodChoices: {
      retrain: { checked: checked.includes('retrain'), params: { epochs: 3 } },
      muda: { checked: checked.includes('muda'), params: { lambdaDA: 2, mode: 'alternate' } },
      ga: { checked: checked.includes('ga'), params: {} },
      fisher: { checked: checked.includes('fisher'), params: {} },
    },
    models,
  };
}

describe('checked methods as runs', () => {
  it('Run selected: Retrain first while there is none, even unchecked; then the checked methods in registry order with all their parameters', () => {
    expect(plannedRuns(forms(['ga', 'muda']))).toEqual([
      { id: 'retrain', params: { epochs: 3 } }, { id: 'muda', params: { lambdaDA: 2, mode: 'alternate' } }, { id: 'ga', params: {} },
    ]);
  });

  it('Run selected: an existing, unchecked Retrain is not run again; a checked one is', () => {
    const trained = { retrain: modelResult({ method: 'retrain' }) };
    expect(plannedRuns(forms(['ga'], trained)).map((r) => r.id)).toEqual(['ga']);
    expect(plannedRuns(forms(['retrain', 'ga'], trained)).map((r) => r.id)).toEqual(['retrain', 'ga']);
  });

  it('a whole experiment always runs Retrain, with its form\'s parameters', () => {
    expect(experimentRuns(forms(['fisher'], { retrain: modelResult({ method: 'retrain' }) }))).toEqual([
      { id: 'retrain', params: { epochs: 3 } }, { id: 'fisher', params: {} },
    ]);
  });

  it('the shared URL keeps the checked methods without Retrain, and only the parameters that differ from their defaults', () => {
    expect(configMethodRuns(forms(['retrain', 'muda', 'ga']))).toEqual([{ id: 'muda', params: { lambdaDA: 2 } }, { id: 'ga', params: {} }]);
  });

  it('the label a shared config gives a method\'s first run is kept: in the runs it plans and in the URL', () => {
    const f = forms(['muda']);
    const labelled = { ...f, config: { ...f.config, methods: [{ id: 'muda', params: { lambdaDA: 2 }, label: 'MUDA, strong' }] } };
    expect(plannedRuns(labelled).find((r) => r.id === 'muda')?.label).toBe('MUDA, strong');
    expect(configMethodRuns(labelled)).toEqual([{ id: 'muda', params: { lambdaDA: 2 }, label: 'MUDA, strong' }]);
    expect(plannedRuns(f).find((r) => r.id === 'muda')).not.toHaveProperty('label');
  });

  it('the defaults the URL leaves out are the config\'s: the tuned value under methodDefaults "tuned", the schema\'s under "reference"', () => {
    const f = forms(['muda']);
    const tuned = TUNED_DEFAULTS.class.muda.lambdaDA;
    f.methodChoices.muda.params.lambdaDA = tuned;
    expect(configMethodRuns({ ...f, config: { ...f.config, methodDefaults: 'tuned' } })).toEqual([{ id: 'muda', params: {} }]);
    expect(configMethodRuns({ ...f, config: { ...f.config, methodDefaults: 'reference' } })).toEqual([{ id: 'muda', params: { lambdaDA: tuned } }]);
  });

  it('the runs carry copies: editing one leaves the form as it was', () => {
    const state = forms(['muda']);
    plannedRuns(state)[1].params!.lambdaDA = 9;
    expect(state.methodChoices.muda.params.lambdaDA).toBe(2);
  });

  it('a further run of a method in the config is kept for Run selected, the whole experiment and the URL', () => {
    const extra: MethodRun = { id: 'muda', params: { lambdaDA: 20 }, label: 'MUDA strong' };
    const f = forms(['muda'], {}, [extra]);
    expect(extraRuns(f.config)).toEqual([extra]);
    expect(experimentRuns(f).slice(-2)).toEqual([{ id: 'muda', params: { lambdaDA: 2, mode: 'alternate' } }, extra]);
    expect(configMethodRuns(f)).toEqual([{ id: 'muda', params: { lambdaDA: 2 } }, extra]);
    expect(plannedRuns(f).filter((r) => r.id === 'muda')).toEqual([{ id: 'muda', params: { lambdaDA: 2, mode: 'alternate' } }, extra]);
    expect(extraRuns({ methods: 'all' })).toEqual([]);
  });
});
