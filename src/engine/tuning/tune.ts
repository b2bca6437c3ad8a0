/**
 * Tuning with equal budgets. For each method, `trials` parameter settings —
 * trial 0 its defaults, the rest drawn from its search space — run on the
 * validation seed (its own Original, Retrain and forget draw); the trial with
 * the best objective is chosen; then the chosen setting and the defaults run
 * on held-out seeds that took no part in the choice, and are reported as
 * mean ± std. Every method gets the same number of trials on the same seeds.
 * A trial is an ordinary method run, so trials can also be emitted as `run`
 * configs and their Results collected (cli/tune.ts).
 */
import type { ExperimentConfig, MethodRun } from '../config';
import type { EventSink } from '../events';
import { aggregateSeeds } from '../experiment';
import { getMethod } from '../methods';
import { createRng } from '../random';
import type { Results } from '../results';
import { LabSession } from '../session';
import { chooseTrial, objectiveOf, summarize, tradeOffGaps, type MethodTuning, type Objective, type TrialRecord, type TuningReport } from './report';
import { sampleParams } from './sampleParams';
import { SEARCH_SPACES } from './searchSpace';

export interface TuneOptions {
  methods: string[];
  /** Trials per method, the defaults included. */
  trials: number;
  objective: Objective;
  /** Held-out seeds: config.seed + 1 … config.seed + heldOutSeeds. */
  heldOutSeeds: number;
}

export type TrialPlan = Record<string, Record<string, number | string | boolean>[]>;

/** The trials of every method: the defaults first, then draws from a stream per method and trial (so adding a method changes no other's trials). */
export function trialPlan(methods: string[], trials: number, seed: number): TrialPlan {
  const plan: TrialPlan = {};
  for (const id of methods) {
    const space = SEARCH_SPACES[id];
    if (!space) throw new Error(`no search space for "${id}" (Retrain is the reference, not tuned)`);
    plan[id] = Array.from({ length: trials }, (_, t) => (t === 0 ? {} : sampleParams(space, createRng(seed).fork(`tune/${id}/${t}`))));
  }
  return plan;
}

/** A trial's model id in the validation session and in emitted configs. */
export const trialModelId = (method: string, t: number): string => `${method}#trial${t}`;

/** Runs every planned trial on the validation seed, calling `onTrial` after each; stops (keeping what finished) when cancelled. */
export async function runTrials(
  config: ExperimentConfig, plan: TrialPlan, objective: Objective, emit: EventSink, signal: AbortSignal,
  onTrial: (method: string, trial: TrialRecord) => void = () => {},
): Promise<Record<string, TrialRecord[]>> {
  const out: Record<string, TrialRecord[]> = Object.fromEntries(Object.keys(plan).map((id) => [id, []]));
  const total = Object.values(plan).reduce((a, t) => a + t.length, 0);
  const session = new LabSession(emit);
  const t0 = Date.now();
  let done = 0;
  try {
    await session.prepare({ ...config, eval: { ...config.eval, seeds: 1 } });
    await session.trainOriginal(signal);
    const retrain = await session.runMethod({ id: 'retrain' }, signal);
    for (const [method, trials] of Object.entries(plan)) {
      for (const [index, params] of trials.entries()) {
        if (signal.aborted) return out;
        const id = trialModelId(method, index);
        let record: TrialRecord;
        try {
          const r = await session.runMethod({ id: method, params, label: `${getMethod(method).label}, trial ${index}` }, signal, id);
          const metrics = session.result(id)?.metrics ?? r.metrics;
          const gaps = retrain ? tradeOffGaps(metrics, retrain.metrics) : undefined;
          record = { index, params, objective: objectiveOf(metrics, objective), status: r.status ?? 'ok', ...(gaps ? { gaps } : {}) };
        } catch (err) {
          if (signal.aborted) return out;
          record = { index, params, objective: null, status: `failed: ${err instanceof Error ? err.message : String(err)}` };
        }
        session.removeModel(id);
        out[method].push(record);
        onTrial(method, record);
        done++;
        const elapsed = Date.now() - t0;
        emit({ type: 'progress', modelId: id, fraction: done / total, etaMs: (elapsed / done) * (total - done), message: `tuning: ${done} of ${total} trials (${method} trial ${index}: ${objective} ${record.objective?.toFixed(3) ?? '–'})` });
      }
    }
    return out;
  } finally {
    session.dispose();
  }
}

/** What a held-out seed runs of one method: the chosen trial's parameters, and whether that trial was the defaults (trial 0). */
interface ChosenSetting {
  params: Record<string, unknown>;
  isDefaults: boolean;
}

/**
 * The chosen setting of each method (model id = method id) and its defaults
 * (`<id>#defaults`) on one seed, Retrain last. When the defaults were chosen
 * they run once: a second run would repeat the same seed's computation.
 */
async function heldOutSeed(config: ExperimentConfig, chosen: Record<string, ChosenSetting>, emit: EventSink, signal: AbortSignal): Promise<Results> {
  const session = new LabSession(emit);
  try {
    await session.prepare({ ...config, eval: { ...config.eval, seeds: 1 } });
    await session.trainOriginal(signal);
    for (const [method, { params, isDefaults }] of Object.entries(chosen)) {
      const label = getMethod(method).label;
      const runs: [MethodRun, string][] = isDefaults
        ? [[{ id: method, label: `${label} (tuned: its defaults)` }, method]]
        : [[{ id: method, params, label: `${label} (tuned)` }, method], [{ id: method, label: `${label} (defaults)` }, `${method}#defaults`]];
      for (const [run, id] of runs) {
        if (signal.aborted) break;
        await session.runMethod(run, signal, id);
      }
    }
    if (!signal.aborted) await session.runMethod({ id: 'retrain' }, signal);
    return session.results();
  } finally {
    session.dispose();
  }
}

/** The whole protocol: trials on the validation seed, choice, held-out runs. Returns Results with a `tuning` section. */
export async function tune(config: ExperimentConfig, opts: TuneOptions, emit: EventSink, signal: AbortSignal): Promise<Results & { tuning: TuningReport }> {
  const plan = trialPlan(opts.methods, opts.trials, config.seed);
  const trials = await runTrials(config, plan, opts.objective, emit, signal);
  return heldOut(config, opts, trials, emit, signal);
}

/** From finished trials (in-process or collected from emitted runs): choose, run the held-out seeds, report. */
export async function heldOut(
  config: ExperimentConfig, opts: TuneOptions, trials: Record<string, TrialRecord[]>, emit: EventSink, signal: AbortSignal,
): Promise<Results & { tuning: TuningReport }> {
  const seeds = Array.from({ length: opts.heldOutSeeds }, (_, i) => config.seed + 1 + i);
  const methods: Record<string, MethodTuning> = {};
  const chosen: Record<string, ChosenSetting> = {};
  for (const [id, ts] of Object.entries(trials)) {
    const c = chooseTrial(ts, opts.objective);
    methods[id] = { trials: ts, chosen: c };
    if (c !== null) chosen[id] = { params: ts.find((t) => t.index === c)!.params, isDefaults: c === 0 };
  }
  const report: TuningReport = { objective: opts.objective, trialsPerMethod: opts.trials, validationSeed: config.seed, heldOutSeeds: seeds, methods };
  const perSeed: Results[] = [];
  for (const seed of seeds) {
    if (signal.aborted) break;
    emit({ type: 'log', level: 'info', message: `held-out seed ${seed}: the chosen settings and the defaults` });
    perSeed.push(await heldOutSeed({ ...config, seed }, chosen, emit, signal));
  }
  if (signal.aborted || perSeed.length < seeds.length) {
    report.cancelled = true;
    return { ...(perSeed.length ? aggregateSeeds(perSeed) : emptyResults(config)), tuning: report };
  }
  const results = aggregateSeeds(perSeed);
  for (const [id, { isDefaults }] of Object.entries(chosen)) {
    const values = (modelId: string) => perSeed.map((r) => objectiveOf(r.models[modelId].metrics, opts.objective) ?? NaN);
    const tuned = summarize(values(id));
    methods[id].heldOut = { chosen: tuned, defaults: isDefaults ? tuned : summarize(values(`${id}#defaults`)) };
  }
  return { ...results, config: { ...config, eval: { ...config.eval, seeds: seeds.length } }, tuning: report };
}

/** Results with no models: what a tuning cancelled before any held-out seed finished still writes, with its trials. */
function emptyResults(config: ExperimentConfig): Results {
  return {
    schemaVersion: 1, config, environment: { backend: 'none', skipped: {}, runtime: 'none', device: 'none' },
    split: { train: 0, test: 0, forget: 0, retain: 0 }, models: {},
  };
}
