/**
 * Parses `npm run lab -- <command> [--flag value …]` (docs/contracts.md, Command line).
 * Unknown flags are errors, so a typo never runs a different experiment.
 */
import { LabError } from '../engine/errors';

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

export type CliArgs = RunArgs | { command: 'help' } | { command: 'methods' };

export const USAGE = `Usage: npm run lab -- <command>
  run --config FILE --out FILE [--methods LIST|all] [--backend NAME] [--seed N] [--dump-features DIR] [--quiet]
      Runs the experiment headless and writes the results file (progress on stderr).
  methods     Lists the unlearning methods and their parameters.
  help        This text.`;

const RUN_FLAGS = ['config', 'out', 'methods', 'backend', 'seed', 'dump-features', 'quiet'];

export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'methods') return { command: 'methods' };
  if (command !== 'run') throw new LabError(`unknown command "${command}"\n${USAGE}`);
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('--')) throw new LabError(`unexpected argument "${a}"`);
    const name = a.slice(2);
    if (!RUN_FLAGS.includes(name)) throw new LabError(`unknown flag --${name} (known: ${RUN_FLAGS.map((f) => `--${f}`).join(', ')})`);
    if (name === 'quiet') {
      flags.quiet = 'true';
      continue;
    }
    const v = rest[i + 1];
    if (v === undefined || v.startsWith('--')) throw new LabError(`--${name} needs a value`);
    flags[name] = v;
    i++;
  }
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
