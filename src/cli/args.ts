/**
 * Parses `npm run lab -- <command> [--flag value …]` (docs/contracts.md, Command line).
 * Unknown flags are errors, so a typo never runs a different experiment.
 */
import { LabError } from '../engine/errors';
import { OBJECTIVES, type Objective } from '../engine/tuning/report';

export interface RunArgs {
  command: 'run';
  config: string;
  out: string;
  methods?: string;
  backend?: string;
  seed?: number;
  dumpFeatures?: string;
  quiet: boolean;
}

export interface TuneArgs {
  command: 'tune';
  config: string;
  /** Required unless --emit. */
  out?: string;
  methods: string;
  trials: number;
  objective: string;
  heldOut: number;
  backend?: string;
  emit?: string;
  collect?: string;
  quiet: boolean;
}

export type CliArgs = RunArgs | TuneArgs | { command: 'report'; results: string } | { command: 'help' } | { command: 'methods' };

export const USAGE = `Usage: npm run lab -- <command>
  run --config FILE --out FILE [--methods LIST|all] [--backend NAME] [--seed N] [--dump-features DIR] [--quiet]
      Runs the experiment headless and writes the results file (progress on stderr).
  tune --config FILE --out FILE [--methods LIST|all] [--trials N] [--objective avgGap|ToW] [--held-out N] [--backend NAME] [--quiet]
      Tunes each method with the same budget: N trials (its defaults and N − 1 draws from its search space)
      on the config's seed, the best by the objective chosen, then the chosen setting and the defaults run on
      N held-out seeds (seed + 1 …). Writes Results with a "tuning" section. Defaults: all, 8 trials, avgGap, 3.
      --emit DIR   writes each trial as an ordinary run config (DIR/trials/*.json) and the plan, and stops;
                   run them with any scheduler: npm run lab -- run --config F --out F.results.json (same name, .results.json)
      --collect DIR reads those Results, chooses, and runs the held-out seeds here.
  report --results FILE
      Prints a results file as Markdown tables: each model's metrics (mean ± std over seeds), and a tuning run's trials.
  methods     Lists the unlearning methods and their parameters.
  help        This text.`;

const RUN_FLAGS = ['config', 'out', 'methods', 'backend', 'seed', 'dump-features', 'quiet'];
const TUNE_FLAGS = ['config', 'out', 'methods', 'trials', 'objective', 'held-out', 'backend', 'emit', 'collect', 'quiet'];

/** `--name value` pairs (and the bare --quiet), each checked against the command's known flags. */
function readFlags(rest: string[], known: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('--')) throw new LabError(`unexpected argument "${a}"`);
    const name = a.slice(2);
    if (!known.includes(name)) throw new LabError(`unknown flag --${name} (known: ${known.map((f) => `--${f}`).join(', ')})`);
    if (name === 'quiet') {
      flags.quiet = 'true';
      continue;
    }
    const v = rest[i + 1];
    if (v === undefined || v.startsWith('--')) throw new LabError(`--${name} needs a value`);
    flags[name] = v;
    i++;
  }
  return flags;
}

function positiveInt(flags: Record<string, string>, name: string, def: number): number {
  if (flags[name] === undefined) return def;
  const v = Number(flags[name]);
  if (!Number.isInteger(v) || v < 1) throw new LabError(`--${name} must be a positive integer, got "${flags[name]}"`);
  return v;
}

function parseTune(rest: string[]): TuneArgs {
  const flags = readFlags(rest, TUNE_FLAGS);
  if (!flags.config && !flags.collect) throw new LabError('tune needs --config FILE (or --collect DIR)');
  if (!flags.out && !flags.emit) throw new LabError('tune needs --out FILE (or --emit DIR)');
  if (flags.emit && flags.collect) throw new LabError('tune takes --emit or --collect, not both');
  const objective = flags.objective ?? 'avgGap';
  if (!OBJECTIVES.includes(objective as Objective)) throw new LabError(`--objective must be ${OBJECTIVES.join(' or ')}, got "${objective}"`);
  return {
    command: 'tune', config: flags.config ?? '', out: flags.out, methods: flags.methods ?? 'all',
    trials: positiveInt(flags, 'trials', 8), objective, heldOut: positiveInt(flags, 'held-out', 3),
    backend: flags.backend, emit: flags.emit, collect: flags.collect, quiet: flags.quiet === 'true',
  };
}

export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'methods') return { command: 'methods' };
  if (command === 'tune') return parseTune(rest);
  if (command === 'report') {
    const flags = readFlags(rest, ['results']);
    if (!flags.results) throw new LabError('report needs --results FILE');
    return { command: 'report', results: flags.results };
  }
  if (command !== 'run') throw new LabError(`unknown command "${command}"\n${USAGE}`);
  const flags = readFlags(rest, RUN_FLAGS);
  if (!flags.config) throw new LabError('run needs --config FILE');
  if (!flags.out) throw new LabError('run needs --out FILE');
  let seed: number | undefined;
  if (flags.seed !== undefined) {
    seed = Number(flags.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new LabError(`--seed must be a non-negative integer, got "${flags.seed}"`);
  }
  return {
    command: 'run', config: flags.config, out: flags.out, methods: flags.methods, backend: flags.backend,
    seed, dumpFeatures: flags['dump-features'], quiet: flags.quiet === 'true',
  };
}
