/**
 * Shared fixtures for the method tests: a tiny 8-D, 4-class clusters set, an
 * MLP original trained on it, a forget scenario, and a method context with a
 * light probe (UA / TA / RA on the curve subsets; no DA), so the tests do not
 * depend on the runner or the metrics.
 */
import * as tf from '@tensorflow/tfjs';
import type { ScenarioConfig } from '../config';
import { mapChunks } from '../batching';
import { gatherInputs, gatherLabels, range, sampleSize, type Dataset, type Split } from '../data/dataset';
import { buildScenario } from '../data/scenarios';
import type { UnlearningData } from '../data/unlearningData';
import { cloneModel, createModel, type Model } from '../models/model';
import { createRng } from '../random';
import type { CurvePoint } from '../results';
import { crossEntropy, train } from '../train';
import { resolveParams } from './params';
import type { MethodContext, MethodOutcome, StepEvent, UnlearningMethod } from './types';

export const MLP = { kind: 'mlp' as const, hidden: [16], featureDim: 8 };

export interface Fixture {
  ds: Dataset;
  data: UnlearningData;
  /** θ_o, trained on the whole training set. */
  original: Model;
}

export async function drain<T, R>(g: AsyncGenerator<T, R>): Promise<{ events: T[]; ret: R }> {
  const events: T[] = [];
  for (;;) {
    const r = await g.next();
    if (r.done) return { events, ret: r.value };
    events.push(r.value);
  }
}

/**
 * 8-D Gaussian clusters, 4 classes, 200 training / 100 test samples. Centres
 * close enough that the classes overlap a little: the original is not
 * saturated (CE well above 0), so ascent methods have gradients to work with.
 */
export function overlappingClusters(seed = 11): Dataset {
  const rng = createRng(seed);
  const [classes, dim] = [4, 8];
  const centres = Array.from({ length: classes }, () => Array.from({ length: dim }, () => rng.normal() * 1.0));
  const make = (n: number): Split => {
    const x = new Float32Array(n * dim);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % classes;
      for (let j = 0; j < dim; j++) x[i * dim + j] = centres[y[i]][j] + rng.normal();
    }
    return { x, y, n };
  };
  return {
    name: 'overlapping-clusters', inputShape: [dim], numClasses: classes,
    classNames: Array.from({ length: classes }, (_, c) => `c${c}`),
    train: make(200), test: make(100), xScale: 1,
  };
}

/** The original: an MLP trained 20 epochs with Adam on all 200 samples. Default scenario: forget class 0. */
export async function makeFixture(scenario: ScenarioConfig = { kind: 'class', class: 0 }, seed = 1): Promise<Fixture> {
  const ds = overlappingClusters();
  const rng = createRng(seed);
  const original = createModel(MLP, ds.inputShape, ds.numClasses, rng.fork('init'));
  await drain(train(original, ds, ds.train, range(ds.train.n), { epochs: 20, batchSize: 32, optimizer: 'adam', lr: 0.01, label: 'Original' }, rng.fork('train')));
  const data = buildScenario(ds, scenario, rng.fork('scenario'), { retainReferenceSize: 100, curveSubsetSize: 64 });
  return { ds, data, original };
}

export async function accuracy(model: Model, ds: Dataset, split: Split, indices: Int32Array): Promise<number> {
  const pred = await mapChunks(ds, split, indices, 256, (x) => tf.tidy(() => tf.argMax(model.logits(x), 1).expandDims(1).toFloat() as tf.Tensor2D));
  let hits = 0;
  indices.forEach((idx, i) => { if (pred.data[i] === split.y[idx]) hits++; });
  return hits / indices.length;
}

/** Mean CE of the model on training samples `indices` (their own labels). */
export function meanCE(model: Model, ds: Dataset, indices: Int32Array): number {
  return tf.tidy(() => {
    const x = tf.tensor2d(gatherInputs(ds, ds.train, indices), [indices.length, sampleSize(ds)]);
    const y = tf.tensor1d(gatherLabels(ds.train, indices), 'int32');
    return crossEntropy(model.logits(x), y, model.numClasses).dataSync()[0];
  });
}

export async function probe(model: Model, data: UnlearningData, step: number, loss: number): Promise<CurvePoint> {
  const ds = data.dataset;
  const forgetAcc = await accuracy(model, ds, ds.train, data.curve.forget);
  return {
    step, loss, UA: 1 - forgetAcc,
    TA: await accuracy(model, ds, ds.test, data.curve.test),
    RA: await accuracy(model, ds, ds.train, data.curve.retainRef),
  };
}

/** A context like the runner's: ctx.model a fresh clone of θ_o, rng = createRng(seed).fork(methodId). */
export async function makeContext(fx: Fixture, methodId: string, opts: { seed?: number; signal?: AbortSignal } = {}): Promise<MethodContext> {
  const model = cloneModel(fx.original);
  const start = await probe(model, fx.data, 0, NaN);
  return {
    original: fx.original, model, data: fx.data, rng: createRng(opts.seed ?? 7).fork(methodId),
    signal: opts.signal ?? new AbortController().signal,
    train: { epochs: 20, batchSize: 32, optimizer: 'adam', lr: 0.01 },
    probe: (step, loss) => probe(model, fx.data, step, loss),
    start,
  };
}

/** Runs a method to the end with its defaults overridden by `overrides`. */
export async function runMethod(method: UnlearningMethod, ctx: MethodContext, overrides: Record<string, unknown> = {}): Promise<{ events: StepEvent[]; outcome: MethodOutcome }> {
  const { events, ret } = await drain(method.run(ctx, resolveParams(method.id, method.params, overrides)));
  return { events, outcome: ret };
}

export async function weightsOf(model: Model): Promise<Float32Array[]> {
  return Promise.all(model.weights.map(async (w) => (await w.data()) as Float32Array));
}

export function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number {
  let m = 0;
  a.forEach((t, k) => t.forEach((v, i) => { m = Math.max(m, Math.abs(v - b[k][i])); }));
  return m;
}
