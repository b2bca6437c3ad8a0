/**
 * The fused GPU training path against the tfjs path it replaces, on the same
 * webgpu backend: identical initial weights and batches, then the losses,
 * batch accuracies and weights after 1 and 3 steps must agree.
 *
 * Tolerance: 1e-5 absolute on weights and losses. The two paths add the same
 * terms in different orders (the fused products' loops and tree sums vs tfjs'
 * matMul, conv2d and mean), so they differ by float32 rounding, ~1e-7
 * relative per product; an Adam update divides by √v̂ + ε and can amplify that for a weight whose
 * gradient is tiny, so the bound is 1e-5, not 1e-6 — measured differences are
 * printed by each test.
 *
 * Runs on Dawn (the `webgpu` package) with SwiftShader's Vulkan driver, as CI
 * does; without a Vulkan driver the tests are skipped, and say why (under
 * REQUIRE_WEBGPU=1, as in CI, they fail instead).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { epochBatches } from '../batching';
import type { ModelConfig } from '../config';
import { range, type Dataset } from '../data/dataset';
import { CancelledError, DivergenceError } from '../errors';
import { cloneModel, createModel, disposeModel, type Model } from '../models/model';
import { createRng } from '../random';
import { tinyClusters, tinyImages } from '../testing/tinyData';
import { startWebGpuForTests } from '../testing/webgpu';
import { train, type TrainOptions, type TrainProgress } from '../train';
import { splitBytes } from './deviceCache';
import { fusedDecline, fusedDispatchesPerStep, GpuTrainer } from './gpuTrainer';

const unavailable = await startWebGpuForTests('fused GPU path tests');

afterAll(() => {
  tf.disposeVariables();
});

const TOL = 1e-5;
const SEED = 3;
const ds = tinyClusters({ n: 20, classes: 3, dim: 10, seed: 7 });
const MLP: ModelConfig = { kind: 'mlp', hidden: [16], featureDim: 8 };
/** Two conv blocks on 8×8 images: 8 → 4 → 2. */
const CNN: ModelConfig = { kind: 'cnn', channels: [4, 3], hidden: [], featureDim: 6 };
/** 20 samples in batches of 8: steps of 8, 8 and 4 (a short last batch). */
const BASE: TrainOptions = { epochs: 1, batchSize: 8, optimizer: 'adam', lr: 0.01, label: 'test' };

interface Run {
  events: TrainProgress[];
  error?: unknown;
  weights: Float32Array[];
}

/** Trains `model` for up to `steps` steps (stopping the generator early, as a consumer that leaves does). */
async function run(model: Model, data: Dataset, opts: TrainOptions, steps: number, signal?: AbortSignal, onStep?: () => void): Promise<Run> {
  const events: TrainProgress[] = [];
  let error: unknown;
  try {
    for await (const p of train(model, data, data.train, range(data.train.n), opts, createRng(SEED).fork('train'), signal)) {
      events.push(p);
      onStep?.();
      if (events.length >= steps) break;
    }
  } catch (e) {
    error = e;
  }
  const weights = await Promise.all(model.weights.map(async (w) => (await w.data()) as Float32Array));
  return { events, error, weights };
}

/** Both paths from the same initial weights; returns their runs and the largest weight difference. */
async function compare(opts: TrainOptions, steps: number, data: Dataset = ds, config: ModelConfig = MLP) {
  const fusedModel = createModel(config, data.inputShape, data.numClasses, createRng(SEED).fork('init'));
  const tfjsModel = cloneModel(fusedModel);
  const fusedSteps = vi.spyOn(GpuTrainer.prototype, 'submitStep');
  try {
    const fused = await run(fusedModel, data, { ...opts, fused: true }, steps);
    // Every step reported (and a diverging one) went through the fused path, and none of the tfjs path's
    // did. The fused path may have run more: the rest of a block, undone when the run stopped early.
    expect(fusedSteps.mock.calls.length).toBeGreaterThanOrEqual(fused.events.length + (fused.error instanceof DivergenceError ? 1 : 0));
    fusedSteps.mockClear();
    const plain = await run(tfjsModel, data, { ...opts, fused: false }, steps);
    expect(fusedSteps).not.toHaveBeenCalled();
    let maxWeightDiff = 0;
    fused.weights.forEach((w, i) => w.forEach((x, j) => { maxWeightDiff = Math.max(maxWeightDiff, Math.abs(x - plain.weights[i][j])); }));
    const maxLossDiff = Math.max(0, ...fused.events.slice(0, plain.events.length).map((e, i) => Math.abs(e.loss - plain.events[i].loss)));
    console.info(`${config.kind} ${opts.optimizer}${opts.momentum !== undefined ? ` momentum ${opts.momentum}` : ''}${opts.weightDecay ? ` wd ${opts.weightDecay}` : ''}, ${steps} step(s): max |Δw| ${maxWeightDiff.toExponential(2)}, max |Δloss| ${maxLossDiff.toExponential(2)}`);
    return { fused, plain, maxWeightDiff, maxLossDiff };
  } finally {
    fusedSteps.mockRestore();
    disposeModel(fusedModel);
    disposeModel(tfjsModel);
  }
}

/** `n` random byte images of size×size×1, labels cycling through 3 classes. */
function byteImages(n: number, size: number): Dataset {
  const rng = createRng(9);
  const x = Uint8Array.from({ length: n * size * size }, () => Math.floor(rng.next() * 256));
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  return {
    name: 'bytes', inputShape: [size, size, 1], numClasses: 3, classNames: ['a', 'b', 'c'],
    train: { x, y, n }, test: { x, y, n }, xScale: 1 / 255,
  };
}

function expectSameEvents(a: TrainProgress[], b: TrainProgress[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((e, i) => {
    expect(e.step).toBe(b[i].step);
    expect(e.totalSteps).toBe(b[i].totalSteps);
    expect(Math.abs(e.loss - b[i].loss)).toBeLessThanOrEqual(TOL);
    expect(e.acc).toBe(b[i].acc);
  });
}

describe.skipIf(unavailable !== null)('fused GPU training path (webgpu) against the tfjs path', () => {
  it('trains on a subset of the split (as Retrain does) like tfjs; a second run reuses the resident samples and the compiled pipelines', async () => {
    const subset = range(ds.train.n).filter((i) => i % 3 !== 1);
    const fusedModel = createModel(MLP, ds.inputShape, ds.numClasses, createRng(SEED).fork('init'));
    const tfjsModel = cloneModel(fusedModel);
    const device = (tf.backend() as unknown as { device: GPUDevice }).device;
    const trainOn = async (model: Model, data: Dataset, indices: Int32Array, fused: boolean) => {
      for await (const _ of train(model, data, data.train, indices, { ...BASE, fused }, createRng(SEED).fork('train'))) { /* to the end */ }
      return Promise.all(model.weights.map(async (w) => (await w.data()) as Float32Array));
    };
    try {
      const fused = await trainOn(fusedModel, ds, subset, true);
      const plain = await trainOn(tfjsModel, ds, subset, false);
      const diff = Math.max(...fused.flatMap((w, i) => Array.from(w, (x, j) => Math.abs(x - plain[i][j]))));
      expect(diff).toBeLessThanOrEqual(TOL);

      const pipelines = vi.spyOn(device, 'createComputePipeline');
      const buffers = vi.spyOn(device, 'createBuffer');
      await trainOn(fusedModel, ds, subset, true);
      expect(pipelines).not.toHaveBeenCalled();
      expect(buffers.mock.calls.filter(([d]) => d.size === splitBytes(ds, ds.train))).toHaveLength(0);
      // Another dataset replaces the resident samples: one upload of its split, pipelines of its own width.
      const other = tinyClusters({ n: 14, classes: 3, dim: 6, seed: 8 });
      const otherModel = createModel(MLP, other.inputShape, other.numClasses, createRng(SEED).fork('init'));
      try {
        await trainOn(otherModel, other, range(other.train.n), true);
      } finally {
        disposeModel(otherModel);
      }
      expect(buffers.mock.calls.filter(([d]) => d.size === splitBytes(other, other.train))).toHaveLength(1);
      expect(pipelines).toHaveBeenCalled();
      pipelines.mockRestore();
      buffers.mockRestore();
    } finally {
      disposeModel(fusedModel);
      disposeModel(tfjsModel);
    }
  });

  it('takes MLPs and CNNs on webgpu, and declines on another backend with the reason', async () => {
    const mlp = createModel(MLP, ds.inputShape, ds.numClasses, createRng(1));
    const images = tinyImages({ n: 12 });
    const cnn = createModel(CNN, images.inputShape, images.numClasses, createRng(1));
    try {
      expect(fusedDecline(mlp, ds, ds.train)).toBeNull();
      expect(fusedDecline(cnn, images, images.train)).toBeNull();
      await tf.setBackend('cpu');
      expect(fusedDecline(mlp, ds, ds.train)).toMatch(/backend is cpu, not webgpu/);
    } finally {
      await tf.setBackend('webgpu');
      disposeModel(mlp);
      disposeModel(cnn);
    }
  });

  it('reports the dispatches a step records: 3L + 2 for an MLP (11), 3L + 3B + 2 for a CNN (14)', async () => {
    const images = tinyImages({ n: 12 });
    for (const [config, data, expected] of [[MLP, ds, 11], [CNN, images, 14]] as const) {
      const model = createModel(config, data.inputShape, data.numClasses, createRng(1));
      const trainer = await GpuTrainer.create(model, data, data.train, BASE);
      try {
        expect(fusedDispatchesPerStep(model)).toBe(expected);
        expect((trainer as unknown as { dispatchList: unknown[] }).dispatchList).toHaveLength(expected);
      } finally {
        trainer.destroy();
        disposeModel(model);
      }
    }
  });

  it('Adam, 1 step: same loss, accuracy and weights', async () => {
    const r = await compare(BASE, 1);
    expectSameEvents(r.fused.events, r.plain.events);
    expect(r.maxWeightDiff).toBeLessThanOrEqual(TOL);
  });

  it('Adam with weight decay, 3 steps with a short last batch: same losses, accuracies and weights', async () => {
    const r = await compare({ ...BASE, weightDecay: 0.01 }, 3);
    expect(r.fused.events.map((e) => e.step)).toEqual([1, 2, 3]);
    expectSameEvents(r.fused.events, r.plain.events);
    expect(r.maxWeightDiff).toBeLessThanOrEqual(TOL);
  });

  it('SGD with momentum and weight decay, on relabelled samples, 3 steps: same as tfjs', async () => {
    const labels = Int32Array.from(ds.train.y, (y) => (y + 1) % ds.numClasses);
    const r = await compare({ ...BASE, optimizer: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 0.001, labels }, 3);
    expectSameEvents(r.fused.events, r.plain.events);
    expect(r.maxWeightDiff).toBeLessThanOrEqual(TOL);
  });

  it('plain SGD (momentum 0), two hidden layers, byte images: same as tfjs', async () => {
    const images = tinyImages({ n: 20 });
    const r = await compare({ ...BASE, optimizer: 'sgd', lr: 0.05, momentum: 0 }, 3, images, { kind: 'mlp', hidden: [12, 10], featureDim: 6 });
    expectSameEvents(r.fused.events, r.plain.events);
    expect(r.maxWeightDiff).toBeLessThanOrEqual(TOL);
  });

  it('CNN (two conv blocks + dense), Adam with weight decay, 3 steps with a short last batch: same as tfjs', async () => {
    const images = tinyImages({ n: 20 });
    const r = await compare({ ...BASE, weightDecay: 0.01 }, 3, images, CNN);
    expectSameEvents(r.fused.events, r.plain.events);
    expect(r.maxWeightDiff).toBeLessThanOrEqual(TOL);
  });

  it('CNN on 6×6 images (6 → 3 → 1: the second pooling drops an odd row and column), SGD with momentum: same as tfjs', async () => {
    const r = await compare({ ...BASE, optimizer: 'sgd', lr: 0.05, momentum: 0.9 }, 3, byteImages(20, 6), { kind: 'cnn', channels: [3, 2], hidden: [5], featureDim: 4 });
    expectSameEvents(r.fused.events, r.plain.events);
    expect(r.maxWeightDiff).toBeLessThanOrEqual(TOL);
  });

  it('a non-finite loss restores the weights from before that step, as the tfjs path does', async () => {
    // A NaN pixel in one sample of the second batch makes that step's loss NaN.
    const poisoned: Dataset = { ...ds, train: { ...ds.train, x: Float32Array.from(ds.train.x) } };
    const second = epochBatches(range(ds.train.n), BASE.batchSize, createRng(SEED).fork('train'))[1];
    (poisoned.train.x as Float32Array)[second[0] * 10] = NaN;
    const r = await compare(BASE, 3, poisoned);
    for (const side of [r.fused, r.plain]) {
      expect(side.error).toBeInstanceOf(DivergenceError);
      expect((side.error as DivergenceError).step).toBe(2);
      expect(side.events.length).toBe(1);
      expect(side.weights.every((w) => w.every(Number.isFinite))).toBe(true);
    }
    // Both kept the weights after step 1.
    expect(r.maxWeightDiff).toBeLessThanOrEqual(TOL);
  });

  it('cancel between steps leaves the trained weights in the model', async () => {
    const model = createModel(MLP, ds.inputShape, ds.numClasses, createRng(SEED).fork('init'));
    const reference = cloneModel(model);
    const before = await Promise.all(model.weights.map(async (w) => (await w.data()) as Float32Array));
    const abort = new AbortController();
    const cancelled = await run(model, ds, { ...BASE, fused: true }, 3, abort.signal, () => abort.abort());
    const oneStep = await run(reference, ds, { ...BASE, fused: false }, 1);
    expect(cancelled.error).toBeInstanceOf(CancelledError);
    expect(cancelled.events.length).toBe(1);
    let moved = 0;
    let diff = 0;
    cancelled.weights.forEach((w, i) => w.forEach((x, j) => {
      moved = Math.max(moved, Math.abs(x - before[i][j]));
      diff = Math.max(diff, Math.abs(x - oneStep.weights[i][j]));
    }));
    expect(moved).toBeGreaterThan(1e-3);
    expect(diff).toBeLessThanOrEqual(TOL);
    disposeModel(model);
    disposeModel(reference);
  });
});

/**
 * Blocks: the fused path reads losses back once per block of
 * GpuTrainer.blockSize (16) steps and at each epoch's end, so it learns of a
 * step's loss up to a block late. 100 samples in batches of 4 make epochs of
 * 25 steps: blocks of 16 and 9.
 */
describe.skipIf(unavailable !== null)('fused GPU path: losses read back in blocks of steps', () => {
  const long = tinyClusters({ n: 100, classes: 3, dim: 10, seed: 7 });
  const SMALL: TrainOptions = { ...BASE, batchSize: 4 };
  const freshModel = () => createModel(MLP, long.inputShape, long.numClasses, createRng(SEED).fork('init'));

  /** A run from the shared initial weights, on `data`; the model is disposed, its weights returned. */
  async function runFresh(data: Dataset, opts: TrainOptions, steps: number, signal?: AbortSignal, onStep?: () => void): Promise<Run> {
    const model = freshModel();
    try {
      return await run(model, data, opts, steps, signal, onStep);
    } finally {
      disposeModel(model);
    }
  }

  function maxDiff(a: Float32Array[], b: Float32Array[]): number {
    let diff = 0;
    a.forEach((w, i) => w.forEach((x, j) => { diff = Math.max(diff, Math.abs(x - b[i][j])); }));
    return diff;
  }

  it('two epochs of 25 steps (blocks of 16 and 9): every step reported in order with its own loss and accuracy, same weights as tfjs, 4 readbacks', async () => {
    const reads = vi.spyOn(GpuTrainer.prototype, 'readResults');
    try {
      const r = await compare({ ...SMALL, epochs: 2 }, 50, long);
      expect(r.fused.error).toBeUndefined();
      expect(r.fused.events.map((e) => e.step)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(r.fused.events.map((e) => e.epoch)).toEqual(Array.from({ length: 50 }, (_, i) => (i < 25 ? 0 : 1)));
      expectSameEvents(r.fused.events, r.plain.events);
      expect(r.maxWeightDiff).toBeLessThanOrEqual(TOL);
      expect(reads).toHaveBeenCalledTimes(4);
    } finally {
      reads.mockRestore();
    }
  });

  it('a non-finite loss at step 21 (the 5th of the second block) stops at step 21 with the weights after step 20, exactly', async () => {
    const poisoned: Dataset = { ...long, train: { ...long.train, x: Float32Array.from(long.train.x) } };
    const batch21 = epochBatches(range(long.train.n), SMALL.batchSize, createRng(SEED).fork('train'))[20];
    (poisoned.train.x as Float32Array)[batch21[0] * 10] = NaN;
    const r = await compare(SMALL, 25, poisoned);
    for (const side of [r.fused, r.plain]) {
      expect(side.error).toBeInstanceOf(DivergenceError);
      expect((side.error as DivergenceError).step).toBe(21);
      expect(side.events.map((e) => e.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(side.weights.every((w) => w.every(Number.isFinite))).toBe(true);
    }
    expectSameEvents(r.fused.events, r.plain.events);
    expect(r.maxWeightDiff).toBeLessThanOrEqual(TOL);
    // Steps 21…25 ran on the device too; undoing them gives the bits of a run that stopped after step 20.
    const stopped = await runFresh(long, { ...SMALL, fused: true }, 20);
    expect(r.fused.weights).toEqual(stopped.weights);
  });

  it('cancel mid-block, seen at an event or between submits, keeps the weights of the last step reported', async () => {
    const tfjs16 = await runFresh(long, { ...SMALL, fused: false }, 16);
    const tfjs20 = await runFresh(long, { ...SMALL, fused: false }, 20);

    // The consumer cancels at event 20, the 4th of the second block: steps 21…25 already ran.
    const atEvent = new AbortController();
    let seen = 0;
    const a = await runFresh(long, { ...SMALL, fused: true }, 25, atEvent.signal, () => { if (++seen === 20) atEvent.abort(); });
    expect(a.error).toBeInstanceOf(CancelledError);
    expect(a.events.length).toBe(20);
    expect(maxDiff(a.weights, tfjs20.weights)).toBeLessThanOrEqual(TOL);

    // A cancel that arrives while step 19 is submitted: steps 17…19 ran but were never read or reported.
    const submit = GpuTrainer.prototype.submitStep;
    const atSubmit = new AbortController();
    let submitted = 0;
    const spy = vi.spyOn(GpuTrainer.prototype, 'submitStep').mockImplementation(function (this: GpuTrainer, batch, labels) {
      submit.call(this, batch, labels);
      if (++submitted === 19) atSubmit.abort();
    });
    let b: Run;
    try {
      b = await runFresh(long, { ...SMALL, fused: true }, 25, atSubmit.signal);
    } finally {
      spy.mockRestore();
    }
    expect(b.error).toBeInstanceOf(CancelledError);
    expect(b.events.length).toBe(16);
    expect(submitted).toBe(19);
    expect(maxDiff(b.weights, tfjs16.weights)).toBeLessThanOrEqual(TOL);
    const stopped16 = await runFresh(long, { ...SMALL, fused: true }, 16);
    expect(b.weights).toEqual(stopped16.weights);
  });
});
