/**
 * `npm run bench [-- --reps N] [--only a,b] [--json out.json] [--backend wasm|cpu|webgpu] [--reference-device cpu|cuda]`
 *
 * Runs each workload through the lab's engine and through a reference in the
 * same process run, alternating which side goes first, and prints medians and
 * lab/reference ratios: a busy machine slows both sides, so the ratio is what
 * the targets in docs/quality.md are written in. Nothing here is a test; unit tests
 * never time anything.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, selectBackend } from '../src/engine/backend';
import { loadImageSet } from '../src/engine/data/imageSets';
import { registerWasmKernels } from '../src/engine/kernels/register';
import { gpuAdapter, machineInfo, type MachineInfo } from './machine';
import { checkReps, walkFlags } from './flags';
import { exportImages, Reference, type ReferenceDevice } from './reference';
import { makeWorkloads, WORKLOAD_NAMES, type RepResult, type Target, type Workload } from './workloads';

interface Args {
  reps: number;
  only: string[];
  json?: string;
  backend: string;
  seed: number;
  /** Folder with another libblas.so.3 for the PyTorch reference (also $BENCH_BLAS_DIR). */
  torchBlas?: string;
  /** Where PyTorch trains: 'cpu' (default) or 'cuda' (against the webgpu backend on a GPU machine). */
  referenceDevice: ReferenceDevice;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { reps: 3, only: [...WORKLOAD_NAMES], backend: 'wasm', seed: 1, torchBlas: process.env.BENCH_BLAS_DIR || undefined, referenceDevice: 'cpu' };
  walkFlags(argv, (flag, value) => {
    if (flag === '--reps') a.reps = Number(value());
    else if (flag === '--only') a.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (flag === '--json') a.json = value();
    else if (flag === '--backend') a.backend = value();
    else if (flag === '--seed') a.seed = Number(value());
    else if (flag === '--torch-blas') a.torchBlas = value();
    else if (flag === '--reference-device') {
      const d = value();
      if (d !== 'cpu' && d !== 'cuda') throw new Error('--reference-device must be cpu or cuda');
      a.referenceDevice = d;
    } else if (flag === '--help' || flag === '-h') {
      process.stdout.write('npm run bench -- [--reps N (3)] [--only mnist-mlp,mnist-cnn,muda-eig-share,default-experiment] [--json out.json] [--backend wasm|cpu|webgpu] [--reference-device cpu|cuda] [--seed 1] [--torch-blas DIR]\n');
      process.exit(0);
    } else return false;
    return true;
  }, '(see --help)');
  checkReps(a.reps);
  return a;
}

export interface WorkloadSummary {
  name: string;
  backend: string;
  lab_s: number;
  reference_s: number | null;
  ratio: number | null;
  /** Ratio of process CPU seconds (lab/reference): less sensitive to other load on the machine. */
  cpu_ratio: number | null;
  reference: string;
  target: Target;
  met: boolean;
  /** Why `met` may mislead, e.g. a reference that multiplied with netlib's reference BLAS. */
  caveat?: string;
  runs: RepResult[];
}

function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function summarise(w: Workload, backend: string, runs: RepResult[], referenceBlas: string | null): WorkloadSummary {
  const lab = median(runs.map((r) => r.lab.seconds));
  const hasRef = runs.every((r) => r.reference);
  const ref = hasRef ? median(runs.map((r) => r.reference!.seconds)) : null;
  // The median of per-rep ratios: each rep's pair ran back to back, under the same load.
  const ratio = hasRef ? median(runs.map((r) => r.lab.seconds / r.reference!.seconds)) : null;
  const cpuRatio = hasRef ? median(runs.map((r) => r.lab.cpuSeconds / r.reference!.cpuSeconds)) : null;
  const t = w.target;
  const met = t.kind === 'seconds' ? lab <= t.max : ratio !== null && ratio <= t.max;
  const caveat = t.kind === 'ratio' && referenceBlas && /netlib/.test(referenceBlas) ? 'the reference used netlib\'s reference BLAS (~10× slower than OpenBLAS)' : undefined;
  return { name: w.name, backend, lab_s: lab, reference_s: ref, ratio, cpu_ratio: Number.isFinite(cpuRatio) ? cpuRatio : null, reference: w.referenceLabel, target: t, met, caveat, runs };
}

function fmtTarget(t: Target): string {
  if (t.kind === 'seconds') return `≤ ${t.max} s`;
  if (t.kind === 'share') return `≤ ${Math.round(t.max * 100)} %`;
  return `≤ ${t.max}×`;
}

function fmtRatio(s: WorkloadSummary): string {
  if (s.ratio === null) return '—';
  return s.target.kind === 'share' ? `${(s.ratio * 100).toFixed(1)} %` : `${s.ratio.toFixed(2)}×`;
}

function table(rows: WorkloadSummary[]): string {
  const head = ['workload', 'backend', 'lab s', 'reference', 'reference s', 'ratio', 'cpu ratio', 'target', 'met'];
  const body = rows.map((r) => [
    r.name, r.backend, r.lab_s.toFixed(3), r.reference, r.reference_s === null ? '—' : r.reference_s.toFixed(3), fmtRatio(r),
    r.cpu_ratio === null ? '—' : r.target.kind === 'share' ? `${(r.cpu_ratio * 100).toFixed(1)} %` : `${r.cpu_ratio.toFixed(2)}×`, fmtTarget(r.target), (r.met ? 'yes' : 'NO') + (r.caveat ? ' (slow ref BLAS)' : ''),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  // The default experiment in headless Chromium instead of Node (bench/browser.ts). A variable
  // specifier keeps esbuild from bundling it (it pulls in Vite), so the Node bench still bundles
  // into one file for a GPU machine (bench/gpu/pack.sh); --browser runs from the source tree.
  const browserModule = './browser';
  if (process.argv.includes('--browser')) return ((await import(browserModule)) as typeof import('./browser')).browserBench(process.argv.slice(2).filter((a) => a !== '--browser'));
  const args = parseArgs(process.argv.slice(2));
  const report = await selectBackend({ forced: args.backend });
  if (report.backend === 'wasm') registerWasmKernels();
  const log = (m: string) => process.stderr.write(m + '\n');
  log(`backend: ${describeBackend(report)}`);

  const ds = await loadImageSet('mnist', {});
  const tmp = mkdtempSync(join(tmpdir(), 'lab-bench-'));
  let reference: Reference | null = null;
  try {
    const needsTorch = args.only.some((n) => n === 'mnist-mlp' || n === 'mnist-cnn');
    if (needsTorch) {
      const dataPath = join(tmp, 'mnist-train.bin');
      exportImages(dataPath, ds.train, ds.inputShape[0], ds.inputShape[1]);
      reference = await Reference.start(dataPath, args.torchBlas, args.referenceDevice);
      log(`reference: PyTorch ${reference.info.torch} (${reference.info.python}) on ${reference.info.device}, ${reference.info.threads} CPU thread(s), BLAS: ${reference.info.blas}`);
      if (args.referenceDevice === 'cpu' && /netlib/.test(reference.info.blas)) log('warning: the reference multiplies matrices with netlib\'s reference BLAS, ~10× slower than OpenBLAS: ratios flatter the lab (see bench/README.md, --torch-blas)');
    }
    const workloads = makeWorkloads(args.only, { ds, reference, seed: args.seed, backend: report.backend, referenceDevice: args.referenceDevice });
    const machine: MachineInfo = machineInfo(report, reference?.info ?? null, await gpuAdapter(report));
    log(`machine: ${machine.cpu}, ${machine.cores} cores, load average ${machine.loadAverageStart.join(' ')}`);

    const runs = new Map<string, RepResult[]>(workloads.map((w) => [w.name, []]));
    for (let rep = 0; rep < args.reps; rep++) {
      for (const w of workloads) {
        const r = await w.rep(rep, rep % 2 === 0);
        runs.get(w.name)!.push(r);
        const ref = r.reference ? `, reference ${r.reference.seconds.toFixed(3)} s` : '';
        log(`rep ${rep + 1}/${args.reps} ${w.name}: lab ${r.lab.seconds.toFixed(3)} s${Number.isFinite(r.lab.cpuSeconds) ? ` (cpu ${r.lab.cpuSeconds.toFixed(3)} s)` : ''}${ref} ${JSON.stringify(r.detail)}`);
      }
    }
    machine.loadAverageEnd = machineInfo(report, null, null).loadAverageStart;
    // The BLAS caveat is about PyTorch's CPU matrix products only.
    const cpuBlas = args.referenceDevice === 'cpu' ? reference?.info.blas ?? null : null;
    const summary = workloads.map((w) => summarise(w, report.backend, runs.get(w.name)!, cpuBlas));
    process.stdout.write(`\n${table(summary)}\n\n${machine.cpu}, ${machine.cores} cores; GPU: ${machine.gpu}; ${machine.lab}; reference ${machine.reference ?? 'not run'}; ` +
      `medians of ${args.reps} rep(s); load average ${machine.loadAverageStart.join(' ')} → ${machine.loadAverageEnd.join(' ')}\n`);
    if (args.json) {
      writeFileSync(args.json, JSON.stringify({ machine, workloads: summary }, null, 2) + '\n');
      log(`wrote ${args.json}`);
    }
  } finally {
    reference?.close();
    rmSync(tmp, { recursive: true, force: true });
    tf.disposeVariables();
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
