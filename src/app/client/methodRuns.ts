/**
 * The method checkboxes and their parameter forms, read as the runs they ask
 * for. Run selected, Run whole experiment and the shared URL all read them
 * through `checkedMethods`, and all three keep the config's further runs of a
 * method (`extraRuns`).
 */
import type { ExperimentConfig, MethodRun } from '../../engine/config';
import type { MethodInfo } from '../../engine/methods/types';
import { formDefaults } from '../store/reducer';
import type { LabState } from '../store/state';

type MethodForms = Pick<LabState, 'methods' | 'methodChoices'>;

/** The ticked methods other than Retrain, in the registry's order, with their forms' parameters. */
function checkedMethods({ methods, methodChoices }: MethodForms): { info: MethodInfo; params: Record<string, unknown> }[] {
  return methods
    .filter((m) => m.id !== 'retrain' && methodChoices[m.id]?.checked)
    .map((m) => ({ info: m, params: methodChoices[m.id].params }));
}

/** The label the config gives a method's first run: the form has no field for it, so it is read from there. */
function firstRunLabel(config: Pick<ExperimentConfig, 'methods'>, id: string): { label?: string } {
  const label = config.methods === 'all' ? undefined : config.methods.find((r) => r.id === id)?.label;
  return label ? { label } : {};
}

function checkedMethodRuns(forms: MethodForms & Pick<LabState, 'config'>): MethodRun[] {
  return checkedMethods(forms).map(({ info, params }) => ({ id: info.id, params: { ...params }, ...firstRunLabel(forms.config, info.id) }));
}

function retrainRun({ methodChoices }: MethodForms): MethodRun {
  return { id: 'retrain', params: { ...(methodChoices.retrain?.params ?? {}) } };
}

/**
 * The runs "Run selected" makes: Retrain first when checked or missing, then the
 * checked methods, then the further runs. Retrain first so the live plots get
 * their reference line early; a method still learns Retrain's numbers only
 * when it asked for the oracle stop.
 */
export function plannedRuns(state: MethodForms & Pick<LabState, 'models' | 'config'>): MethodRun[] {
  const retrain = state.methodChoices.retrain;
  const first = retrain?.checked || !state.models.retrain ? [retrainRun(state)] : [];
  return [...first, ...checkedMethodRuns(state), ...extraRuns(state.config)];
}

/**
 * Further runs of a method the config holds beside its first one (two λ_DA
 * values of MUDA): the forms show one run per method, so these are kept as
 * the config has them, and listed under the methods with a Remove button.
 */
export function extraRuns(config: Pick<ExperimentConfig, 'methods'>): MethodRun[] {
  if (config.methods === 'all') return [];
  const firsts = new Set<string>();
  const further: MethodRun[] = [];
  for (const r of config.methods) {
    if (firsts.has(r.id)) further.push(r);
    else firsts.add(r.id);
  }
  return further;
}

/** The runs of a whole experiment: Retrain always (every gap is measured against it), the checked methods, then the further runs. */
export function experimentRuns(state: MethodForms & Pick<LabState, 'config'>): MethodRun[] {
  return [retrainRun(state), ...checkedMethodRuns(state), ...extraRuns(state.config)];
}

/**
 * config.methods as the shared URL keeps it: the checked methods without
 * Retrain (it always runs), each with only the parameters that differ from
 * their defaults, so the link stays short.
 */
export function configMethodRuns(state: MethodForms & Pick<LabState, 'config'>): MethodRun[] {
  const firsts = checkedMethods(state).map(({ info, params }) => {
    const defaults = formDefaults(info, state.config);
    const changed = info.params.filter((p) => params[p.name] !== undefined && params[p.name] !== defaults[p.name]);
    return { id: info.id, params: Object.fromEntries(changed.map((p) => [p.name, params[p.name]])), ...firstRunLabel(state.config, info.id) };
  });
  return [...firsts, ...extraRuns(state.config)];
}
