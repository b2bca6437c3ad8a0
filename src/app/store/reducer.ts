/**
 * Folds worker events and UI actions into a new LabState. Pure: the store
 * (store.ts) calls it, tests replay recorded event streams through it.
 */
import type { ExperimentConfig } from '../../engine/config';
import type { LabEvent } from '../../engine/events';
import type { CurvePoint, ModelResult, Results } from '../../engine/results';
import type { DataSummary } from '../../engine/sessionTypes';
import type { MethodInfo, ParamValues } from '../../engine/methods/types';
import { defaultParamsFor } from '../../engine/methods/tunedDefaults';
import type { TrialRecord } from '../../engine/tuning/report';
import type { RunRecord } from '../storage/runStore';
import { withPinned, type PlotViewId } from './pinnedViews';
import type { LabState, LogLine, MethodChoice, Preset, TrainPoint, TuningState } from './state';

export type UiAction =
  | { type: 'ui:config'; config: ExperimentConfig }
  | { type: 'ui:methods'; methods: MethodInfo[] }
  /** The method forms as a config's runs set them (a stored run put back for Re-run); Retrain ticked or not. */
  | { type: 'ui:method-forms'; config: ExperimentConfig; retrain: boolean }
  | { type: 'ui:method-check'; id: string; checked: boolean }
  | { type: 'ui:method-param'; id: string; name: string; value: number | boolean | string }
  /** Several parameters of one method's form at once (a tuning trial adopted). */
  | { type: 'ui:method-params'; id: string; params: ParamValues }
  | { type: 'ui:tune-start'; method: string; budget: number; base: ParamValues }
  /** The Tune command returned (its trials when it returned them) or failed. */
  | { type: 'ui:tune-end'; trials?: TrialRecord[] }
  | { type: 'ui:tune-clear' }
  | { type: 'ui:data-loading' }
  | { type: 'ui:data'; summary: DataSummary; keep: 'nothing' | 'original' }
  | { type: 'ui:data-error'; message: string }
  | { type: 'ui:busy'; command: string; label: string; queued: number }
  | { type: 'ui:idle'; queued: number }
  | { type: 'ui:results'; results: Results }
  | { type: 'ui:select'; indices: number[]; mode: 'replace' | 'add' | 'toggle' | 'remove' }
  | { type: 'ui:notice'; kind: 'error' | 'info'; text: string }
  | { type: 'ui:dismiss' }
  | { type: 'ui:large-type'; on: boolean }
  | { type: 'ui:pin-view'; id: PlotViewId; pinned: boolean }
  | { type: 'ui:runs'; runs: RunRecord[] | null }
  | { type: 'ui:compare-runs'; ids: string[] }
  | { type: 'ui:presets'; presets: Preset[] };

export type Action = LabEvent | UiAction;

/** Longest training history kept per model; past it every other point is dropped. */
export const MAX_TRAIN_POINTS = 2000;
export const MAX_LOG_LINES = 200;

export function reduce(s: LabState, a: Action): LabState {
  switch (a.type) {
    // ---------------------------------------------------------- worker events
    case 'backend':
      // A fallback after a lost device is news the person must see, not only a badge change.
      return a.report.fellBackFrom
        ? { ...s, backend: a.report, notice: { kind: 'error', text: `The ${a.report.fellBackFrom} backend was lost (${a.report.reason ?? 'device lost'}); the lab switched to ${a.report.backend} and restarted the interrupted step.` } }
        : { ...s, backend: a.report };
    case 'log':
      return { ...s, logs: appendLog(s.logs, { level: a.level, message: a.message }) };
    case 'phase': {
      const next = { ...s, phase: { phase: a.phase, modelId: a.modelId, label: a.label } };
      // A fresh training / unlearning run of a model starts its history over.
      if (a.phase === 'train') next.trainHistory = { ...s.trainHistory, [a.modelId]: [] };
      if (a.phase === 'unlearn') next.curves = { ...s.curves, [a.modelId]: [] };
      if (a.phase === 'train' || a.phase === 'unlearn') next.revision = s.revision + 1;
      return next;
    }
    case 'progress':
      return { ...s, progress: { modelId: a.modelId, fraction: clamp01(a.fraction), etaMs: Math.max(0, a.etaMs), message: a.message } };
    case 'train-path':
      return { ...s, trainPaths: { ...s.trainPaths, [a.modelId]: a.path } };
    case 'train-step': {
      const history = appendTrainPoint(s.trainHistory[a.modelId] ?? [], a);
      return { ...s, trainHistory: { ...s.trainHistory, [a.modelId]: history }, revision: s.revision + 1 };
    }
    case 'curve':
      return {
        ...s,
        curves: { ...s.curves, [a.modelId]: [...(s.curves[a.modelId] ?? []), a.point] },
        revision: s.revision + 1,
      };
    case 'model-done':
      return {
        ...s,
        models: { ...s.models, [a.modelId]: a.result },
        curves: a.result.curves.length ? { ...s.curves, [a.modelId]: a.result.curves } : s.curves,
        progress: s.progress?.modelId === a.modelId ? null : s.progress,
        revision: s.revision + 1,
      };
    case 'done':
      return withResults(s, a.results);
    case 'tune-trial':
      return s.tuning?.method === a.method ? { ...s, tuning: withTrials(s.tuning, [a.trial]) } : s;
    case 'error': {
      const text = a.modelId ? `${a.modelId}: ${a.message}` : a.message;
      return { ...s, notice: { kind: 'error', text }, logs: appendLog(s.logs, { level: 'error', message: text }), progress: null };
    }

    // ---------------------------------------------------------- UI actions
    case 'ui:config':
      return { ...s, config: a.config, methodChoices: followDefaults(s.methods, s.methodChoices, s.config, a.config) };
    case 'ui:methods':
      return { ...s, methods: a.methods, methodChoices: initialChoices(a.methods, s.config, s.methodChoices) };
    case 'ui:method-forms': {
      const choices = initialChoices(s.methods, a.config, {});
      if (choices.retrain) choices.retrain = { ...choices.retrain, checked: a.retrain };
      return { ...s, methodChoices: choices };
    }
    case 'ui:method-check': {
      const prev = s.methodChoices[a.id];
      if (!prev) return s;
      return { ...s, methodChoices: { ...s.methodChoices, [a.id]: { ...prev, checked: a.checked } } };
    }
    case 'ui:method-param': {
      const prev = s.methodChoices[a.id];
      if (!prev) return s;
      return { ...s, methodChoices: { ...s.methodChoices, [a.id]: { ...prev, params: { ...prev.params, [a.name]: a.value } } } };
    }
    case 'ui:method-params': {
      const prev = s.methodChoices[a.id];
      if (!prev) return s;
      return { ...s, methodChoices: { ...s.methodChoices, [a.id]: { ...prev, params: { ...prev.params, ...a.params } } } };
    }
    case 'ui:tune-start':
      return { ...s, tuning: { method: a.method, budget: a.budget, base: { ...a.base }, trials: [], running: true } };
    case 'ui:tune-end':
      return s.tuning ? { ...s, tuning: { ...withTrials(s.tuning, a.trials ?? []), running: false } } : s;
    case 'ui:tune-clear':
      return s.tuning?.running ? s : { ...s, tuning: null };
    case 'ui:data-loading':
      return { ...s, dataStatus: 'loading' };
    case 'ui:data': {
      const next: LabState = { ...s, data: a.summary, dataStatus: 'ready', revision: s.revision + 1 };
      // New data or a new forget set makes every unlearned model stale; Original survives only a scenario change.
      const original = a.keep === 'original' ? s.models.original : undefined;
      next.models = original ? { original } : {};
      next.curves = {};
      next.trainHistory = a.keep === 'original' && s.trainHistory.original ? { original: s.trainHistory.original } : {};
      next.trainPaths = a.keep === 'original' && s.trainPaths.original ? { original: s.trainPaths.original } : {};
      next.results = null;
      // Trials measured on other data say nothing about this one; a running Tune reports to the end.
      if (s.tuning && !s.tuning.running) next.tuning = null;
      next.selection = a.summary.scenario.kind === 'indices' ? [...a.summary.forget] : s.selection.filter((i) => i < a.summary.split.train);
      return next;
    }
    case 'ui:data-error':
      return { ...s, dataStatus: s.data ? 'ready' : 'error', notice: { kind: 'error', text: a.message } };
    case 'ui:busy':
      return { ...s, busy: { command: a.command, label: a.label }, queued: a.queued };
    case 'ui:idle':
      return { ...s, busy: null, queued: a.queued, progress: null, phase: null };
    case 'ui:results':
      return withResults(s, a.results);
    case 'ui:select':
      return { ...s, selection: applySelection(s.selection, a.indices, a.mode) };
    case 'ui:notice':
      return { ...s, notice: { kind: a.kind, text: a.text } };
    case 'ui:dismiss':
      return { ...s, notice: null };
    case 'ui:large-type':
      return { ...s, largeType: a.on };
    case 'ui:pin-view':
      return { ...s, pinnedViews: withPinned(s.pinnedViews, a.id, a.pinned) };
    case 'ui:runs': {
      const runs = sameRuns(s.runs, a.runs);
      const ids = new Set((runs ?? []).map((r) => r.id));
      return { ...s, runs, compareRunIds: s.compareRunIds.filter((id) => ids.has(id)) };
    }
    case 'ui:compare-runs':
      return { ...s, compareRunIds: [...new Set(a.ids)] };
    case 'ui:presets':
      return { ...s, presets: a.presets };
  }
}

/**
 * The page's models become the Results'; so do the curves: a model's own, else its live one.
 * Curves of models the Results do not hold (a whole experiment's or a Tune's session, which
 * stream into the page while they run) go, or they would stay in the plots under bare model ids.
 */
function withResults(s: LabState, results: Results): LabState {
  const curves: Record<string, CurvePoint[]> = {};
  for (const [id, m] of Object.entries(results.models)) {
    const c = m.curves.length ? m.curves : s.curves[id];
    if (c) curves[id] = c;
  }
  return { ...s, results, models: { ...results.models } as Record<string, ModelResult>, curves, revision: s.revision + 1 };
}

/** Adds trials, one per index (a trial that arrives twice, as an event and in the command's answer, counts once), in index order. */
function withTrials(t: TuningState, trials: TrialRecord[]): TuningState {
  if (!trials.length) return t;
  const byIndex = new Map(t.trials.map((x) => [x.index, x]));
  for (const x of trials) byIndex.set(x.index, x);
  return { ...t, trials: [...byIndex.values()].sort((a, b) => a.index - b.index) };
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.max(0, Math.min(1, x)) : 0;
}

function appendLog(logs: LogLine[], line: LogLine): LogLine[] {
  const next = logs.length >= MAX_LOG_LINES ? logs.slice(logs.length - MAX_LOG_LINES + 1) : logs.slice();
  next.push(line);
  return next;
}

/**
 * The engine's `step` may restart every epoch; the plotted step is made
 * monotone by adding the raw increments (or 1 when the raw step goes back).
 */
function appendTrainPoint(history: TrainPoint[], e: { epoch: number; step: number; loss: number; acc?: number }): TrainPoint[] {
  const last = history[history.length - 1];
  const step = !last ? e.step : last.step + (e.step > last.rawStep ? e.step - last.rawStep : 1);
  const point: TrainPoint = { step, rawStep: e.step, epoch: e.epoch, loss: e.loss };
  if (e.acc !== undefined) point.acc = e.acc;
  const next = history.length >= MAX_TRAIN_POINTS ? history.filter((_, i) => i % 2 === 1) : history.slice();
  next.push(point);
  return next;
}

export function applySelection(current: number[], indices: number[], mode: 'replace' | 'add' | 'toggle' | 'remove'): number[] {
  const set = new Set(mode === 'replace' ? [] : current);
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0) continue;
    if (mode === 'remove') set.delete(i);
    else if (mode === 'toggle') {
      if (set.has(i)) set.delete(i);
      else set.add(i);
    } else set.add(i);
  }
  return [...set].sort((a, b) => a - b);
}

/** A method's form at its defaults: the schema's, under the tuned values where the config asks for them and they were measured. */
export function formDefaults(m: MethodInfo, config: ExperimentConfig): ParamValues {
  const tuned = defaultParamsFor(config, m.id);
  const defaults: ParamValues = {};
  for (const p of m.params) defaults[p.name] = tuned[p.name] ?? p.default;
  return defaults;
}

/**
 * When a config change moves the defaults (methodDefaults, or the scenario
 * family whose tuned values apply), each form field still at its old default
 * moves to the new one; a value the person typed stays.
 */
function followDefaults(methods: MethodInfo[], choices: Record<string, MethodChoice>, from: ExperimentConfig, to: ExperimentConfig): Record<string, MethodChoice> {
  let out = choices;
  for (const m of methods) {
    const prev = choices[m.id];
    if (!prev) continue;
    const [before, after] = [formDefaults(m, from), formDefaults(m, to)];
    const moved = Object.keys(after).filter((k) => before[k] !== after[k] && prev.params[k] === before[k]);
    if (!moved.length) continue;
    if (out === choices) out = { ...choices };
    out[m.id] = { ...prev, params: { ...prev.params, ...Object.fromEntries(moved.map((k) => [k, after[k]])) } };
  }
  return out;
}

/**
 * The listed runs, with every record that did not change since the last
 * listing (same id, same updatedAt) kept as the object the page already holds:
 * the list is read again at the start and end of every run, and a long session
 * would otherwise rebuild every row, table line and plot point of every stored
 * run each time. The same array when nothing changed.
 */
function sameRuns(before: RunRecord[] | null, after: RunRecord[] | null): RunRecord[] | null {
  if (!before || !after) return after;
  const old = new Map(before.map((r) => [r.id, r]));
  const runs = after.map((r) => {
    const o = old.get(r.id);
    return o && o.updatedAt === r.updatedAt ? o : r;
  });
  return runs.length === before.length && runs.every((r, i) => r === before[i]) ? before : runs;
}

/** Checkbox and parameter defaults (formDefaults); the config's methods start checked. */
export function initialChoices(methods: MethodInfo[], config: ExperimentConfig, prev: Record<string, MethodChoice>): Record<string, MethodChoice> {
  // A method's form shows its first run in the config; further runs of it stay in config.methods (client/methodRuns.ts).
  const fromConfig = new Map(config.methods === 'all' ? methods.map((m) => [m.id, {}] as const) : [...config.methods].reverse().map((m) => [m.id, m.params ?? {}] as const));
  const out: Record<string, MethodChoice> = {};
  for (const m of methods) {
    const defaults = formDefaults(m, config);
    const configured = fromConfig.get(m.id);
    const params: ParamValues = { ...defaults };
    for (const [k, v] of Object.entries(configured ?? {})) {
      if (k in defaults && (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string')) params[k] = v;
    }
    out[m.id] = prev[m.id] ?? { checked: m.id === 'retrain' || configured !== undefined, params };
  }
  return out;
}
