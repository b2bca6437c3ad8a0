/**
 * Runs an experiment config end to end — Original, each method and Retrain,
 * every method on a fresh copy of the same Original, same forget set, same seed — and
 * returns `Results`. With eval.seeds > 1 it repeats everything for seeds
 * seed, seed+1, … and reports each run plus mean and std per metric.
 */
import type { ExperimentConfig, MethodRun } from './config';
import type { EventSink } from './events';
import { modelIdsOf } from './methodInstances';
import { methodIds } from './methods';
import { usesOracle } from './methods/earlyStop';
import type { ModelResult, NumericMetric, Results } from './results';
import { LabSession } from './session';
import { meanStd } from './stats';

/**
 * The methods a config asks for, Retrain always among them. Retrain runs last,
 * so no method can have seen it — unless a run asked for the oracle stop
 * (methods/earlyStop.ts), which needs Retrain's forget accuracy first; the
 * comparison metrics are computed at the end either way.
 */
export function plannedRuns(config: ExperimentConfig): MethodRun[] {
  const runs: MethodRun[] = config.methods === 'all' ? methodIds().map((id) => ({ id })) : config.methods;
  const rest = runs.filter((r) => r.id !== 'retrain');
  const retrain = runs.find((r) => r.id === 'retrain') ?? { id: 'retrain' };
  return rest.some((r) => usesOracle(r.params)) ? [retrain, ...rest] : [...rest, retrain];
}

export interface ExperimentHooks {
  /** Called with each seed's finished session before it is disposed (e.g. to dump features). */
  onSession?: (session: LabSession, seed: number) => Promise<void>;
}

async function runOneSeed(config: ExperimentConfig, emit: EventSink, signal: AbortSignal, hooks: ExperimentHooks): Promise<Results> {
  const session = new LabSession(emit);
  try {
    await session.prepare(config);
    await session.trainOriginal(signal);
    const runs = plannedRuns(config);
    const ids = modelIdsOf(runs);
    for (const [i, run] of runs.entries()) {
      if (signal.aborted) break;
      try {
        await session.runMethod(run, signal, ids[i]);
      } catch (err) {
        // One failing method must not lose the others' results.
        if (signal.aborted) throw err;
        const message = err instanceof Error ? err.message : String(err);
        emit({ type: 'error', modelId: ids[i], message: `${ids[i]} failed: ${message}` });
      }
    }
    await hooks.onSession?.(session, config.seed);
    return session.results();
  } finally {
    session.dispose();
  }
}

/** Folds per-seed Results into one: models.<id> = first run's fields + runs, mean, std. */
export function aggregateSeeds(perSeed: Results[]): Results {
  const first = perSeed[0];
  const models: Record<string, ModelResult> = {};
  for (const id of Object.keys(first.models)) {
    const runs = perSeed.map((r) => r.models[id]).filter((m): m is ModelResult => !!m);
    const mean: Partial<Record<NumericMetric, number>> = {};
    const std: Partial<Record<NumericMetric, number>> = {};
    const keys = new Set(runs.flatMap((r) => Object.keys(r.metrics)));
    for (const k of keys) {
      const vals = runs.map((r) => r.metrics[k as NumericMetric]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (vals.length === 0) continue;
      const s = meanStd(vals);
      mean[k as NumericMetric] = s.mean;
      std[k as NumericMetric] = s.std;
    }
    models[id] = { ...runs[0], runs, mean, std };
  }
  return { ...first, models };
}

export async function runExperiment(config: ExperimentConfig, emit: EventSink, signal: AbortSignal, hooks: ExperimentHooks = {}): Promise<Results> {
  const perSeed: Results[] = [];
  for (let s = 0; s < config.eval.seeds; s++) {
    const seeded = { ...config, seed: config.seed + s };
    if (config.eval.seeds > 1) emit({ type: 'log', level: 'info', message: `seed ${seeded.seed} (${s + 1} of ${config.eval.seeds})` });
    perSeed.push(await runOneSeed(seeded, emit, signal, hooks));
  }
  const results = config.eval.seeds > 1 ? aggregateSeeds(perSeed) : perSeed[0];
  // The config as run, with the original seed.
  results.config = config;
  emit({ type: 'done', results });
  return results;
}
