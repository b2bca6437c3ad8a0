/// <reference types="@webgpu/types" />
/**
 * The benchmark's workloads, lab side. Each rep returns the lab's time and,
 * where the reference is not PyTorch, the reference time it is judged against
 * (MUDA's eigensolver share: eigensolver time over MUDA's own run time).
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_CONFIG, type ModelConfig } from '../src/engine/config';
import { range, type Dataset } from '../src/engine/data/dataset';
import { buildScenario } from '../src/engine/data/scenarios';
import { createModel, disposeModel, type Model } from '../src/engine/models/model';
import { muda } from '../src/engine/methods/muda';
import { RetainEigenspaceTracker } from '../src/engine/methods/retainEigenspace';
import { resolveParams } from '../src/engine/methods/params';
import { runUnlearning } from '../src/engine/methods/runner';
import { createRng } from '../src/engine/random';
import { train, type TrainOptions } from '../src/engine/train';
import { fusedDecline } from '../src/engine/gpu/gpuTrainer';
import type { Reference } from './reference';

export interface Timing {
  seconds: number;
  cpuSeconds: number;
}

export interface RepResult {
  lab: Timing;
  /** Absent when the workload has no reference (absolute target). */
  reference?: Timing;
  /** Facts worth keeping per run (steps, final loss, eigensolver calls, tensors left over…). */
  detail: Record<string, number | string>;
}

export type Target = { kind: 'ratio'; max: number; stretch?: number } | { kind: 'share'; max: number } | { kind: 'seconds'; max: number; stretch?: number };

export interface Workload {
  name: string;
  /** Shown in the table: what the reference column means. */
  referenceLabel: string;
  target: Target;
  /** One repetition; `labFirst` alternates which side runs first across reps. */
  rep(rep: number, labFirst: boolean): Promise<RepResult>;
}

export interface BenchContext {
  ds: Dataset;
  reference: Reference | null;
  seed: number;
  /** The active tfjs backend; on webgpu the training workloads time the fused path and the tfjs-ops path. */
  backend: string;
  /** Where the PyTorch reference trains ('cpu' or 'cuda'). */
  referenceDevice: string;
}

const MLP: ModelConfig = { kind: 'mlp', hidden: [256], featureDim: 128 };
const CNN: ModelConfig = { kind: 'cnn', channels: [16, 32], hidden: [], featureDim: 128 };
const EPOCH: Omit<TrainOptions, 'label'> = { epochs: 1, batchSize: 128, optimizer: 'adam', lr: 1e-3 };
/** Untimed steps before the first timed epoch, on both sides (JIT, operator caches, allocator). */
const WARMUP_STEPS = 5;

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; timing: Timing }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, timing: { seconds, cpuSeconds: (c.user + c.system) / 1e6 } };
}

/** One epoch of the engine's own training loop (src/engine/train.ts) on `indices`; `fused: false` forces the tfjs-ops path. */
async function labEpoch(ds: Dataset, config: ModelConfig, seed: number, indices: Int32Array, fused: boolean): Promise<{ steps: number; loss: number }> {
  const rng = createRng(seed);
  const model = createModel(config, ds.inputShape, ds.numClasses, rng.fork('init'));
  let steps = 0;
  let loss = NaN;
  try {
    for await (const p of train(model, ds, ds.train, indices, { ...EPOCH, label: 'bench', fused }, rng.fork('train'))) {
      steps = p.step;
      loss = p.loss;
    }
  } finally {
    disposeModel(model);
  }
  return { steps, loss };
}

/**
 * GPU dispatches, queue submits and readbacks (buffer maps, each a wait for
 * the queue) while `f` runs, counted at the WebGPU API (bench only): the same
 * count for the fused path and for tfjs' own kernels. Zero on backends
 * without WebGPU.
 */
async function countGpuWork<T>(f: () => Promise<T>): Promise<{ value: T; dispatches: number; submits: number; readbacks: number }> {
  const g = globalThis as unknown as {
    GPUComputePassEncoder?: { prototype: GPUComputePassEncoder }; GPUQueue?: { prototype: GPUQueue }; GPUBuffer?: { prototype: GPUBuffer };
  };
  const pass = g.GPUComputePassEncoder?.prototype;
  const queue = g.GPUQueue?.prototype;
  const buffer = g.GPUBuffer?.prototype;
  if (!pass || !queue || !buffer) return { value: await f(), dispatches: 0, submits: 0, readbacks: 0 };
  const dispatch = pass.dispatchWorkgroups;
  const submit = queue.submit;
  const mapAsync = buffer.mapAsync;
  let dispatches = 0;
  let submits = 0;
  let readbacks = 0;
  pass.dispatchWorkgroups = function (this: GPUComputePassEncoder, ...a: Parameters<GPUComputePassEncoder['dispatchWorkgroups']>) {
    dispatches++;
    return dispatch.apply(this, a);
  };
  queue.submit = function (this: GPUQueue, ...a: Parameters<GPUQueue['submit']>) {
    submits++;
    return submit.apply(this, a);
  };
  buffer.mapAsync = function (this: GPUBuffer, ...a: Parameters<GPUBuffer['mapAsync']>) {
    readbacks++;
    return mapAsync.apply(this, a);
  };
  try {
    return { value: await f(), dispatches, submits, readbacks };
  } finally {
    pass.dispatchWorkgroups = dispatch;
    queue.submit = submit;
    buffer.mapAsync = mapAsync;
  }
}

/**
 * One training epoch, lab vs PyTorch. `fused` false times train()'s tfjs-ops
 * path where the fused GPU path would apply (webgpu), so one bench run gives both.
 */
function trainingEpoch(name: string, reference: 'mnist-mlp' | 'mnist-cnn', config: ModelConfig, target: Target, ctx: BenchContext, fused: boolean): Workload {
  let warm = false;
  let perStep: { dispatches: number; submits: number; readbacks: number } | null = null;
  const decline = ctx.backend === 'webgpu' ? declineReason(config, ctx.ds) : 'not on webgpu';
  const path = fused && decline === null ? 'fused GPU' : 'tfjs ops';
  return {
    name,
    referenceLabel: `PyTorch ${ctx.referenceDevice} epoch`,
    target,
    async rep(rep, labFirst) {
      if (!ctx.reference) throw new Error(`${name} needs the PyTorch reference`);
      const ref0 = ctx.reference;
      const all = range(ctx.ds.train.n);
      const seed = ctx.seed + rep;
      const warmupSteps = warm ? 0 : WARMUP_STEPS;
      if (!warm) {
        const counted = await countGpuWork(() => labEpoch(ctx.ds, config, seed, all.subarray(0, WARMUP_STEPS * EPOCH.batchSize), fused));
        const steps = counted.value.steps;
        perStep = { dispatches: counted.dispatches / steps, submits: counted.submits / steps, readbacks: counted.readbacks / steps };
      }
      warm = true;
      const tensorsBefore = tf.memory().numTensors;
      const runLab = () => timed(() => labEpoch(ctx.ds, config, seed, all, fused));
      const runRef = () => ref0.run(reference, seed, warmupSteps);
      let lab: Awaited<ReturnType<typeof runLab>>;
      let ref: Awaited<ReturnType<typeof runRef>>;
      if (labFirst) {
        lab = await runLab();
        ref = await runRef();
      } else {
        ref = await runRef();
        lab = await runLab();
      }
      return {
        lab: lab.timing,
        reference: { seconds: ref.seconds, cpuSeconds: ref.cpuSeconds },
        detail: {
          path, ...(fused && decline !== null ? { fusedDeclined: decline } : {}),
          labSteps: lab.value.steps, labFinalLoss: round(lab.value.loss), referenceSteps: ref.steps, referenceFinalLoss: round(ref.finalLoss),
          tensorsLeft: tf.memory().numTensors - tensorsBefore,
          // Counted over the warm-up steps (setup included: weight upload, pipelines, the final write-back).
          ...(perStep && perStep.dispatches > 0
            ? { gpuDispatchesPerStep: round(perStep.dispatches), gpuSubmitsPerStep: round(perStep.submits), gpuReadbacksPerStep: round(perStep.readbacks) }
            : {}),
        },
      };
    },
  };
}

/** Why train() would not take the fused GPU path for this architecture, or null when it would. */
function declineReason(config: ModelConfig, ds: Dataset): string | null {
  const model = createModel(config, ds.inputShape, ds.numClasses, createRng(0));
  try {
    return fusedDecline(model, ds, ds.train);
  } finally {
    disposeModel(model);
  }
}

/**
 * MUDA (default parameters, class-wise forget of class 3) on an Original
 * trained for one epoch at feature width `width`. lab = time in the
 * eigensolver (RetainEigenspaceTracker.solverMs), reference = MUDA's own run
 * time (the runner's timeMs, curve probes excluded): the ratio is the share.
 */
function mudaEigShare(width: number, ctx: BenchContext): Workload {
  let original: Model | null = null;
  return {
    name: `muda-eig-share@${width}`,
    referenceLabel: 'MUDA run (share)',
    target: { kind: 'share', max: 0.25 },
    async rep(rep) {
      const seed = ctx.seed + rep;
      if (!original) {
        original = createModel({ ...MLP, featureDim: width }, ctx.ds.inputShape, ctx.ds.numClasses, createRng(ctx.seed).fork('init'));
        for await (const _ of train(original, ctx.ds, ctx.ds.train, range(ctx.ds.train.n), { ...EPOCH, label: 'bench original' }, createRng(ctx.seed).fork('train'))) { /* untimed */ }
      }
      const data = buildScenario(ctx.ds, { kind: 'class', class: 3 }, createRng(seed).fork('scenario'), { retainReferenceSize: 1000, curveSubsetSize: 500 });
      const params = resolveParams('muda', muda.params);
      const eigCpu = countRefreshCpu();
      const c0 = process.cpuUsage();
      let out: Awaited<ReturnType<typeof runUnlearning>>;
      try {
        out = await runUnlearning(muda, params, {
          original, data, rng: createRng(seed).fork('muda'), signal: new AbortController().signal,
          train: EPOCH, everySteps: Number.MAX_SAFE_INTEGER, da: { tau: 0.95, centered: false }, modelId: 'muda',
        }, () => {});
      } finally {
        eigCpu.stop();
      }
      const c = process.cpuUsage(c0);
      disposeModel(out.model);
      const eigMs = Number(out.notes?.eigensolverMs ?? NaN);
      return {
        // Wall: the tracker's solver time over the runner's timeMs (probes excluded).
        // CPU: process CPU inside the tracker's refresh() over the whole runUnlearning call
        // (which includes the step-0 and final curve probes, ~1–2 % here).
        lab: { seconds: eigMs / 1000, cpuSeconds: eigCpu.seconds() },
        reference: { seconds: out.timeMs / 1000, cpuSeconds: (c.user + c.system) / 1e6 },
        detail: { solver: String(out.notes?.solver), k: String(out.notes?.k), refreshes: Number(out.notes?.refreshes ?? NaN), status: out.status },
      };
    },
  };
}

/**
 * Process CPU time spent inside RetainEigenspaceTracker.refresh while active:
 * the eigensolver's CPU share, which other load on the machine disturbs less
 * than wall time. Wraps the prototype method (bench only) and restores it on stop().
 */
function countRefreshCpu(): { stop(): void; seconds(): number } {
  const proto = RetainEigenspaceTracker.prototype;
  const original = proto.refresh;
  let micros = 0;
  proto.refresh = async function (this: RetainEigenspaceTracker, features) {
    const c0 = process.cpuUsage();
    try {
      return await original.call(this, features);
    } finally {
      const c = process.cpuUsage(c0);
      micros += c.user + c.system;
    }
  };
  return { stop: () => { proto.refresh = original; }, seconds: () => micros / 1e6 };
}

/** The default experiment end to end (runExperiment): original, retrain, MUDA, GA, RL, FT, SCRUB and every metric. */
function defaultExperiment(): Workload {
  return {
    name: 'default-experiment',
    referenceLabel: '— (absolute)',
    target: { kind: 'seconds', max: 60, stretch: 30 },
    async rep() {
      // Imported here: the experiment runner is the newest part of the engine, and the other workloads must run without it.
      const { runExperiment } = await import('../src/engine/experiment');
      const errors: string[] = [];
      // Wall and CPU seconds per phase ("train:original", "unlearn:muda", "evaluate:muda", …), from the engine's phase events.
      const phases: Record<string, number> = {};
      const phaseCpu: Record<string, number> = {};
      let current: { key: string; t0: number; c0: NodeJS.CpuUsage } | null = null;
      const close = () => {
        if (!current) return;
        const c = process.cpuUsage(current.c0);
        phases[current.key] = round((phases[current.key] ?? 0) + (performance.now() - current.t0) / 1000);
        phaseCpu[current.key] = round((phaseCpu[current.key] ?? 0) + (c.user + c.system) / 1e6);
      };
      const tensorsBefore = tf.memory().numTensors;
      const r = await timed(() => runExperiment({ ...DEFAULT_CONFIG }, (e) => {
        if (e.type === 'error') errors.push(e.message);
        if (e.type === 'phase') {
          close();
          current = { key: `${e.phase}:${e.modelId}`, t0: performance.now(), c0: process.cpuUsage() };
        }
      }, new AbortController().signal));
      close();
      const models = Object.keys(r.value.models);
      const phaseList = Object.entries(phases).map(([k, v]) => `${k}=${v.toFixed(1)}s`).join(' ');
      const phaseCpuList = Object.entries(phaseCpu).map(([k, v]) => `${k}=${v.toFixed(1)}s`).join(' ');
      return {
        lab: r.timing,
        detail: { models: models.join(' '), errors: errors.join('; ') || 'none', tensorsLeft: tf.memory().numTensors - tensorsBefore, phases: phaseList, phasesCpu: phaseCpuList },
      };
    },
  };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

export const WORKLOAD_NAMES = ['mnist-mlp', 'mnist-cnn', 'muda-eig-share', 'default-experiment'] as const;

/**
 * The training workloads of `name`. Targets from docs/quality.md: against PyTorch
 * on the CPU, MLP ≤ 1.5× (stretch 1×) and CNN ≤ 3×; against PyTorch CUDA, the
 * WebGPU path ≤ 5× (then 1.5×). On webgpu, where the fused path takes the
 * model, a second row `<name>:tfjs-ops` times the same epoch through tfjs ops.
 */
function trainingEpochs(name: 'mnist-mlp' | 'mnist-cnn', ctx: BenchContext): Workload[] {
  const config = name === 'mnist-mlp' ? MLP : CNN;
  const target: Target = ctx.referenceDevice === 'cuda'
    ? { kind: 'ratio', max: 5, stretch: 1.5 }
    : name === 'mnist-mlp' ? { kind: 'ratio', max: 1.5, stretch: 1 } : { kind: 'ratio', max: 3 };
  const out = [trainingEpoch(name, name, config, target, ctx, true)];
  if (ctx.backend === 'webgpu' && declineReason(config, ctx.ds) === null) out.push(trainingEpoch(`${name}:tfjs-ops`, name, config, target, ctx, false));
  return out;
}

export function makeWorkloads(selected: string[], ctx: BenchContext): Workload[] {
  const out: Workload[] = [];
  for (const name of selected) {
    if (name === 'mnist-mlp' || name === 'mnist-cnn') out.push(...trainingEpochs(name, ctx));
    else if (name === 'muda-eig-share') for (const w of [64, 128, 256]) out.push(mudaEigShare(w, ctx));
    else if (name === 'default-experiment') out.push(defaultExperiment());
    else throw new Error(`unknown workload "${name}" (known: ${WORKLOAD_NAMES.join(', ')})`);
  }
  return out;
}
