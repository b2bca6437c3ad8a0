/** Step 4: choose unlearning methods, set their parameters, run them (Retrain is always available). */
import { useId, useState } from 'react';
import type { MethodDefaults } from '../../engine/config';
import type { MethodInfo, ParamSpec } from '../../engine/methods/types';
import { tunedFamily, type ScenarioFamily } from '../../engine/methods/tunedDefaults';
import { describeTrainPath } from '../../engine/events';
import { modelIdsOf, instanceLabel } from '../../engine/methodInstances';
import { SEARCH_SPACES } from '../../engine/tuning/searchSpace';
import { MAX_TUNE_TRIALS } from '../../worker/api';
import { experimentRuns, extraRuns } from '../client/methodRuns';
import { DEFAULT_TUNE_TRIALS } from '../client/tuneMethod';
import { useClient, useDispatch, useLab } from '../context';
import { TuningPanel } from './TuningPanel';
import { Section } from './ui';

/**
 * The tooltip of a parameter field: the id a config or the CLI uses (the field shows the label),
 * the help text, and the allowed range.
 */
function paramTitle(spec: ParamSpec): string {
  const range = 'min' in spec ? [spec.min !== undefined && `min ${spec.min}`, spec.max !== undefined && `max ${spec.max}`].filter(Boolean) : [];
  return `${spec.name}: ${spec.help}${range.length ? ` (${range.join(', ')})` : ''}`;
}

function ParamField(props: { method: string; spec: ParamSpec; value: number | boolean | string; onChange: (v: number | boolean | string) => void }) {
  const id = useId();
  const { spec, value } = props;
  const help = paramTitle(spec);
  if (spec.kind === 'boolean') {
    return (
      <label className="checkbox param" title={help}>
        <input type="checkbox" name={spec.name} checked={value === true} onChange={(e) => props.onChange(e.target.checked)} />
        <span>{spec.label}</span>
      </label>
    );
  }
  if (spec.kind === 'choice') {
    return (
      <div className="field param">
        <label htmlFor={id} title={help}>{spec.label}</label>
        <select id={id} name={spec.name} value={String(value)} title={help} onChange={(e) => props.onChange(e.target.value)}>
          {spec.options.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      </div>
    );
  }
  return (
    <div className="field param">
      <label htmlFor={id} title={help}>{spec.label}</label>
      <input
        id={id} name={spec.name} type="number" title={help} value={String(value)}
        min={spec.min} max={spec.max} step={spec.kind === 'int' ? 1 : spec.step ?? 'any'}
        onChange={(e) => {
          const v = e.target.valueAsNumber;
          if (Number.isFinite(v)) props.onChange(spec.kind === 'int' ? Math.round(v) : v);
        }}
      />
    </div>
  );
}

/** "Tune with N trials": the method's trials on the current data, in a session with its own Original and Retrain (TuningPanel shows them). */
function TuneControls(props: { method: MethodInfo }) {
  const { method } = props;
  const client = useClient();
  const ready = useLab((s) => s.data !== null && s.busy === null);
  const [trials, setTrials] = useState(DEFAULT_TUNE_TRIALS);
  return (
    <span className="inline-control" data-testid={`tune-controls-${method.id}`}>
      <label className="inline-control" title="Trials in all: trial 0 is the form as it is, the others draw the method's tuned parameters from its search space">
        Tune with
        <input type="number" data-testid={`tune-trials-${method.id}`} min={1} max={MAX_TUNE_TRIALS} step={1} value={trials} style={{ width: '4.5rem' }}
          onChange={(e) => {
            const v = e.target.valueAsNumber;
            if (Number.isFinite(v)) setTrials(Math.max(1, Math.min(MAX_TUNE_TRIALS, Math.round(v))));
          }} />
        trials
      </label>
      <button type="button" data-testid={`tune-${method.id}`} aria-label={`Tune ${method.label} with ${trials} trials`} disabled={!ready}
        title="Runs the trials on the current data with an Original and a Retrain of their own, and plots them by their gaps to Retrain; your own models are not changed. Progress and Cancel in the status bar."
        onClick={() => void client.tuneMethod(method.id, trials)}>
        Tune
      </button>
    </span>
  );
}

function MethodRow(props: { method: MethodInfo }) {
  const { method } = props;
  const client = useClient();
  const dispatch = useDispatch();
  const choice = useLab((s) => s.methodChoices[method.id]);
  const result = useLab((s) => s.models[method.id]);
  const path = useLab((s) => s.trainPaths[method.id]);
  const tuning = useLab((s) => (s.tuning?.method === method.id ? s.tuning : null));
  if (!choice) return null;
  const tunable = method.id in SEARCH_SPACES;
  const hasParams = method.params.length > 0;
  return (
    <li className={`method ${choice.checked ? 'checked' : ''}`} data-method={method.id}>
      <label className="checkbox method-name" title={method.summary}>
        <input type="checkbox" checked={choice.checked} onChange={(e) => dispatch({ type: 'ui:method-check', id: method.id, checked: e.target.checked })} />
        <span><strong>{method.label}</strong> <span className="muted">— {method.summary}</span></span>
      </label>
      {result && <span className={`status status-${result.status ?? 'ok'}`}>{result.status === 'ok' || !result.status ? 'done' : result.status}{result.message ? `: ${result.message}` : ''}</span>}
      {result && path && <span className="muted" data-testid={`train-path-${method.id}`}>trained with {describeTrainPath(path)}</span>}
      {method.id !== 'retrain' && choice.checked && (
        <button type="button" className="link" data-testid={`add-run-${method.id}`}
          title="Keeps a further run of this method, with the parameters now in its form, in the experiment; change the form afterwards to compare the two. Run whole experiment runs both."
          onClick={() => client.addRun({ id: method.id, params: { ...choice.params } })}>
          + another run with these parameters
        </button>
      )}
      {tunable && choice.checked && <TuneControls method={method} />}
      {hasParams && choice.checked && (
        <fieldset className="params">
          <legend className="visually-hidden">{method.label} parameters</legend>
          {method.params.map((p) => (
            <ParamField key={p.name} method={method.id} spec={p} value={choice.params[p.name] ?? p.default}
              onChange={(v) => dispatch({ type: 'ui:method-param', id: method.id, name: p.name, value: v })} />
          ))}
        </fieldset>
      )}
      {tuning && <TuningPanel method={method} tuning={tuning} />}
    </li>
  );
}

const FAMILY_NAMES: Record<ScenarioFamily, string> = { class: 'class-wise', subclass: 'sub-class', random: 'random' };

/** Which defaults the forms start from: the reference code's, or those tuned for this scenario family. */
function DefaultsChoice() {
  const client = useClient();
  const config = useLab((s) => s.config);
  const busy = useLab((s) => s.busy);
  const family = tunedFamily(config);
  const value = config.methodDefaults ?? 'reference';
  return (
    <p className="row">
      <label title="Tuned: each method's chosen setting from an equal-budget tuning run on this scenario family (docs/experiments/tuned-defaults.md). Reference: the defaults of each method's reference code. Changing this moves every parameter still at its old default to the new one; values you typed stay.">
        Parameter defaults{' '}
        <select data-testid="method-defaults" value={value} disabled={!!busy}
          // The forms follow the new defaults in the reducer; the URL follows the forms (main.tsx's store subscription).
          onChange={(e) => void client.setConfig({ ...config, methodDefaults: e.target.value as MethodDefaults }, { apply: false })}>
          <option value="tuned">tuned</option>
          <option value="reference">reference</option>
        </select>
      </label>{' '}
      <span className="muted" data-testid="method-defaults-note">
        {value === 'reference' ? "each method's reference code's defaults"
          : family ? `tuned for ${FAMILY_NAMES[family]} forgetting with the MLP on MNIST-sized images`
            : 'none were tuned for this model, data and scenario: the reference defaults apply'}
      </span>
    </p>
  );
}

/** The config's further runs of a method (two λ_DA values of MUDA), each under the label the table will show, with Remove. */
function FurtherRuns() {
  const client = useClient();
  const config = useLab((s) => s.config);
  const methods = useLab((s) => s.methods);
  const methodChoices = useLab((s) => s.methodChoices);
  const extras = extraRuns(config);
  if (!extras.length) return null;
  // Labels and ids as the engine will give them: the methods' first runs come before these.
  const runs = experimentRuns({ config, methods, methodChoices });
  const ids = modelIdsOf(runs);
  const first = runs.length - extras.length;
  return (
    <div className="further-runs" data-testid="further-runs">
      <p className="muted">Further runs, made by Run whole experiment beside each method's first run:</p>
      <ul>
        {extras.map((run, i) => {
          const label = instanceLabel(methods.find((m) => m.id === run.id)?.label ?? run.id, run, ids[first + i]) ?? run.id;
          return (
            <li key={ids[first + i]} data-model={ids[first + i]}>
              {label}{' '}
              <button type="button" className="link" aria-label={`Remove ${label}`} onClick={() => client.removeExtraRun(i)}>Remove</button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Seeds "Run whole experiment" offers: one run, or enough for a mean ± std and Retrain's noise floor. */
const SEED_CHOICES = [1, 3, 5];

export function MethodsPanel() {
  const client = useClient();
  const dispatch = useDispatch();
  const methods = useLab((s) => s.methods);
  const choices = useLab((s) => s.methodChoices);
  const data = useLab((s) => s.data);
  const busy = useLab((s) => s.busy);
  const hasRetrain = useLab((s) => !!s.models.retrain);
  const config = useLab((s) => s.config);
  const seeds = config.eval.seeds;
  const checked = methods.filter((m) => choices[m.id]?.checked && m.id !== 'retrain');
  const retrain = methods.find((m) => m.id === 'retrain');
  const others = methods.filter((m) => m.id !== 'retrain');

  return (
    <Section step={4} id="methods" title="Unlearn" intro="Each method starts from a fresh copy of Original. Retrain (training from scratch without the forget set) is the reference every gap is measured against.">
      {methods.length === 0 && <p>Loading the list of methods…</p>}
      <DefaultsChoice />
      {retrain && <ul className="methods"><MethodRow method={retrain} /></ul>}
      <ul className="methods">{others.map((m) => <MethodRow key={m.id} method={m} />)}</ul>
      <FurtherRuns />
      <div className="row sticky-actions">
        <button type="button" className="primary" data-testid="run-selected" disabled={!data || !!busy || (!checked.length && !choices.retrain?.checked && hasRetrain)} onClick={() => void client.runSelected()}>
          Run selected ({checked.length + (choices.retrain?.checked || !hasRetrain ? 1 : 0)})
        </button>
        <button type="button" data-testid="run-experiment" disabled={!data || !!busy}
          title="Runs the whole experiment as the command line does: a fresh Original, Retrain and the ticked methods, for every seed; kept as a run"
          onClick={() => void client.runExperiment()}>
          Run whole experiment{seeds > 1 ? ` (${seeds} seeds)` : ''}
        </button>
        <label title="The whole experiment runs once per seed (seed, seed + 1, …); with 3 or 5, the table shows mean ± std and Retrain's noise floor">
          Seeds{' '}
          <select data-testid="experiment-seeds" value={SEED_CHOICES.includes(seeds) ? seeds : ''} disabled={!!busy}
            onChange={(e) => void client.setConfig({ ...config, eval: { ...config.eval, seeds: Number(e.target.value) } }, { apply: false })}>
            {!SEED_CHOICES.includes(seeds) && <option value="">{seeds}</option>}
            {SEED_CHOICES.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <button type="button" disabled={!others.length} onClick={() => others.forEach((m) => dispatch({ type: 'ui:method-check', id: m.id, checked: true }))}>Select all</button>
        <button type="button" disabled={!others.length} onClick={() => others.forEach((m) => dispatch({ type: 'ui:method-check', id: m.id, checked: false }))}>Select none</button>
        {!hasRetrain && <span className="muted">Retrain runs first: the comparison needs it.</span>}
      </div>
    </Section>
  );
}
