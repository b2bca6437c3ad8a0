/**
 * The lab's command line: `npm run lab -- run --config FILE --out FILE …`.
 * The same engine as the browser lab, headless. Progress goes to stderr;
 * bad input exits non-zero with one line, never a stack trace.
 */
import { writeFile } from 'node:fs/promises';
import { selectBackend, describeBackend } from '../engine/backend';
import { parseConfig } from '../engine/config';
import { LabError } from '../engine/errors';
import { describeTrainPath, type LabEvent } from '../engine/events';
import { runExperiment } from '../engine/experiment';
import { methodIds, methodInfos } from '../engine/methods';
import { parseArgs, USAGE, type RunArgs } from './args';
import { readJsonFile } from './jsonFile';
import { dumpFeatures } from './featureDump';
import { tuneCommand } from './tune';
import { methodListing } from './methodList';
import { resultsReport } from './report';
import { parseResults } from '../engine/results';

function formatMs(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Prints events on stderr: phases and logs on their own lines, progress at most twice a second. */
function stderrReporter(quiet: boolean): (e: LabEvent) => void {
  let lastProgress = 0;
  return (e) => {
    switch (e.type) {
      case 'phase':
        process.stderr.write(`• ${e.label}\n`);
        break;
      case 'log':
        process.stderr.write(`${e.level === 'info' ? '  ' : `  ${e.level}: `}${e.message}\n`);
        break;
      case 'error':
        process.stderr.write(`  error: ${e.message}\n`);
        break;
      case 'train-path':
        process.stderr.write(`  ${e.modelId} trains with ${describeTrainPath(e.path)}\n`);
        break;
      case 'progress':
        if (!quiet && Date.now() - lastProgress > 2000) {
          lastProgress = Date.now();
          process.stderr.write(`  ${Math.round(e.fraction * 100)}% ${e.message} (ETA ${formatMs(e.etaMs)})\n`);
        }
        break;
      case 'model-done': {
        const m = e.result.metrics;
        const f = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));
        process.stderr.write(`  ✓ ${e.modelId}: UA ${f(m.UA)} RA ${f(m.RA)} TA ${f(m.TA)} DA ${f(m.DA)} (${formatMs(e.result.timeMs)})${e.result.status && e.result.status !== 'ok' ? ` [${e.result.status}: ${e.result.message}]` : ''}\n`);
        break;
      }
      default:
        break;
    }
  };
}

async function run(args: RunArgs): Promise<void> {
  let raw = await readJsonFile(args.config);
  if (args.methods) raw = { ...raw, methods: args.methods === 'all' ? 'all' : args.methods.split(',').map((id) => ({ id: id.trim() })) };
  if (args.seed !== undefined) raw = { ...raw, seed: args.seed };
  if (args.backend) raw = { ...raw, backend: args.backend };
  const config = parseConfig(raw, methodIds());
  const report = await selectBackend({ forced: config.backend });
  process.stderr.write(`backend: ${describeBackend(report)}\n`);
  const controller = new AbortController();
  process.on('SIGINT', () => {
    process.stderr.write('cancelling…\n');
    controller.abort();
  });
  const results = await runExperiment(config, stderrReporter(args.quiet), controller.signal, {
    onSession: args.dumpFeatures
      ? async (session, seed) => {
          const dir = config.eval.seeds > 1 ? `${args.dumpFeatures}/seed-${seed}` : args.dumpFeatures!;
          const files = await dumpFeatures(session, dir);
          process.stderr.write(`  wrote ${files.length} feature files to ${dir}\n`);
        }
      : undefined,
  });
  await writeFile(args.out, JSON.stringify(results, null, 2));
  process.stderr.write(`wrote ${args.out}\n`);
}

async function main(): Promise<number> {
  try {
    const args = parseArgs(process.argv.slice(2));
    if (args.command === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (args.command === 'methods') {
      process.stdout.write(methodListing(methodInfos()));
      return 0;
    }
    if (args.command === 'report') {
      process.stdout.write(resultsReport(parseResults(await readJsonFile(args.results, 'results'))));
      return 0;
    }
    if (args.command === 'tune') await tuneCommand(args, stderrReporter(args.quiet));
    else await run(args);
    return 0;
  } catch (err) {
    const msg = err instanceof LabError ? err.message : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    process.stderr.write(`error: ${msg}\n`);
    return err instanceof LabError ? 2 : 1;
  }
}

process.exitCode = await main();
