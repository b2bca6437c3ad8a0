/**
 * `npm run lab -- tune`: equal-budget tuning (engine/tuning/tune.ts) from the
 * command line, in this process, or spread over any batch scheduler: --emit
 * writes every trial as an ordinary `run` config and the plan; after the user
 * has run them, --collect reads their Results, chooses, and runs the held-out
 * seeds here.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describeBackend, selectBackend } from '../engine/backend';
import { parseConfig, type ExperimentConfig } from '../engine/config';
import { LabError } from '../engine/errors';
import type { EventSink } from '../engine/events';
import { methodIds } from '../engine/methods';
import { parseResults } from '../engine/results';
import { objectiveOf, tradeOffGaps, type Objective, type TrialRecord } from '../engine/tuning/report';
import { SEARCH_SPACES } from '../engine/tuning/searchSpace';
import { heldOut, trialPlan, tune, type TrialPlan, type TuneOptions } from '../engine/tuning/tune';
import type { TuneArgs } from './args';
import { readJsonFile } from './jsonFile';

/** What --emit leaves beside the trial configs, so that --collect needs nothing else. */
interface EmittedPlan {
  kind: 'unlearning-lab-tuning-plan';
  config: ExperimentConfig;
  options: TuneOptions;
  plan: TrialPlan;
}

const trialName = (method: string, t: number) => `${method}-trial${String(t).padStart(2, '0')}`;

function tunedMethods(list: string): string[] {
  const ids = list === 'all' ? methodIds().filter((id) => id !== 'retrain') : list.split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of ids) if (!SEARCH_SPACES[id]) throw new LabError(`cannot tune "${id}" (tunable: ${Object.keys(SEARCH_SPACES).join(', ')})`);
  return ids;
}

async function emitTrials(dir: string, config: ExperimentConfig, options: TuneOptions, plan: TrialPlan): Promise<number> {
  await mkdir(join(dir, 'trials'), { recursive: true });
  let n = 0;
  for (const [method, trials] of Object.entries(plan)) {
    for (const [t, params] of trials.entries()) {
      const trialConfig = { ...config, eval: { ...config.eval, seeds: 1 }, methods: [{ id: method, params, label: `trial ${t}` }] };
      await writeFile(join(dir, 'trials', `${trialName(method, t)}.json`), JSON.stringify(trialConfig, null, 2));
      n++;
    }
  }
  const emitted: EmittedPlan = { kind: 'unlearning-lab-tuning-plan', config, options, plan };
  await writeFile(join(dir, 'plan.json'), JSON.stringify(emitted, null, 2));
  return n;
}

/** Each trial's objective from its Results file (DIR/trials/<name>.results.json); a missing or unreadable one counts as failed. */
async function collectTrials(dir: string, plan: TrialPlan, objective: Objective, emit: EventSink): Promise<Record<string, TrialRecord[]>> {
  const present = new Set(await readdir(join(dir, 'trials')));
  const out: Record<string, TrialRecord[]> = {};
  for (const [method, trials] of Object.entries(plan)) {
    out[method] = [];
    for (const [index, params] of trials.entries()) {
      const file = `${trialName(method, index)}.results.json`;
      let record: TrialRecord = { index, params, objective: null, status: 'missing' };
      if (present.has(file)) {
        try {
          const { models } = parseResults(await readJsonFile(join(dir, 'trials', file), 'results'));
          const m = models[method];
          // The same record an in-process trial makes (tune.ts runTrials), gaps to its own Retrain included.
          const gaps = m && models.retrain ? tradeOffGaps(m.metrics, models.retrain.metrics) : undefined;
          record = m ? { index, params, objective: objectiveOf(m.metrics, objective), status: m.status ?? 'ok', ...(gaps ? { gaps } : {}) } : { ...record, status: 'no such model in its Results' };
        } catch (err) {
          record = { ...record, status: `unreadable: ${err instanceof Error ? err.message : String(err)}` };
        }
      }
      if (record.objective === null) emit({ type: 'log', level: 'warn', message: `${basename(file)}: ${record.status}` });
      out[method].push(record);
    }
  }
  return out;
}

export async function tuneCommand(args: TuneArgs, emit: EventSink): Promise<void> {
  let config: ExperimentConfig;
  let options: TuneOptions;
  let plan: TrialPlan | undefined;
  if (args.collect) {
    const raw = await readJsonFile(join(args.collect, 'plan.json'), 'tuning plan');
    if (raw.kind !== 'unlearning-lab-tuning-plan') throw new LabError(`${join(args.collect, 'plan.json')} is not a tuning plan written by --emit`);
    const emitted = raw as unknown as EmittedPlan;
    config = parseConfig(emitted.config as unknown as Record<string, unknown>, methodIds());
    ({ options, plan } = emitted);
  } else {
    let raw = await readJsonFile(args.config);
    if (args.backend) raw = { ...raw, backend: args.backend };
    config = parseConfig(raw, methodIds());
    options = { methods: tunedMethods(args.methods), trials: args.trials, objective: args.objective as Objective, heldOutSeeds: args.heldOut };
  }
  if (args.emit) {
    const n = await emitTrials(args.emit, config, options, trialPlan(options.methods, options.trials, config.seed));
    process.stderr.write(`wrote ${n} trial configs to ${join(args.emit, 'trials')} and the plan to ${join(args.emit, 'plan.json')}\n`
      + `run each: npm run lab -- run --config F.json --out F.results.json; then: npm run lab -- tune --collect ${args.emit} --out FILE\n`);
    return;
  }
  const report = await selectBackend({ forced: config.backend });
  process.stderr.write(`backend: ${describeBackend(report)}\n`);
  process.stderr.write(`tuning ${options.methods.join(', ')}: ${options.trials} trials each on seed ${config.seed}, then ${options.heldOutSeeds} held-out seeds\n`);
  const controller = new AbortController();
  process.on('SIGINT', () => {
    process.stderr.write('cancelling… (finished trials are kept)\n');
    controller.abort();
  });
  const results = plan
    ? await heldOut(config, options, await collectTrials(args.collect!, plan, options.objective, emit), emit, controller.signal)
    : await tune(config, options, emit, controller.signal);
  await writeFile(args.out!, JSON.stringify(results, null, 2));
  for (const [id, m] of Object.entries(results.tuning.methods)) {
    const h = m.heldOut;
    process.stderr.write(`  ${id}: chose trial ${m.chosen ?? '–'}${h ? `; held-out ${options.objective} ${h.chosen.mean.toFixed(3)} ± ${h.chosen.std.toFixed(3)} (defaults ${h.defaults.mean.toFixed(3)} ± ${h.defaults.std.toFixed(3)})` : ''}\n`);
  }
  process.stderr.write(`wrote ${args.out}\n`);
}
