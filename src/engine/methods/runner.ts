/**
 * Runs one unlearning method on a fresh copy of θ_o: builds its context,
 * records live curves (UA / TA / DA every N steps on fixed subsets), guards
 * against divergence (keeping the last finite weights) and measures RTE.
 */
import * as tf from '@tensorflow/tfjs';
import { checkDevice } from '../backend';
import { INFERENCE_ROWS, makeYielder, mapChunks } from '../batching';
import { CancelledError, DivergenceError } from '../errors';
import type { EventSink } from '../events';
import { daMetric } from '../metrics/alignment';
import { allFinite } from '../optimize';
import { cloneModel, type Model } from '../models/model';
import type { Matrix } from '../linalg/matrix';
import type { Rng } from '../random';
import type { CurvePoint, FeatureSteps, RunStatus } from '../results';
import { FeatureStepRecorder } from './featureSteps';
import type { UnlearningData } from '../data/unlearningData';
import type { MethodContext, ParamValues, UnlearningMethod } from './types';

export interface RunOptions {
  original: Model;
  data: UnlearningData;
  rng: Rng;
  signal: AbortSignal;
  train: MethodContext['train'];
  everySteps: number;
  /** Cap on curve points per run (eval.maxCurvePoints); absent = a point every `everySteps`. */
  maxCurvePoints?: number;
  da: { tau?: number; k?: number; centered: boolean };
  retrainForgetAcc?: number;
  /** Id under which events are emitted (e.g. "muda", or "muda#2" for a second run). */
  modelId: string;
}

export interface MethodRunResult {
  model: Model;
  status: RunStatus;
  message?: string;
  notes?: Record<string, number | string>;
  curves: CurvePoint[];
  /** The feature scatter at each curve point (featureSteps.ts); absent when features are too narrow for a plane. */
  featureSteps?: FeatureSteps;
  /** Wall time of the unlearning itself, excluding the curve probes. */
  timeMs: number;
}

/**
 * Features [n, C] of `indices` (training split) and the class the head
 * predicts from them: one forward pass and one readback per chunk, the
 * prediction carried as an extra column.
 */
async function featuresAndPredictions(model: Model, data: UnlearningData, indices: Int32Array): Promise<{ features: Matrix; predicted: Int32Array }> {
  const ds = data.dataset;
  const both = await mapChunks(ds, ds.train, indices, INFERENCE_ROWS, (x) => tf.tidy(() => {
    const f = model.features(x);
    return tf.concat([f, tf.argMax(model.head(f), 1).expandDims(1).toFloat()], 1) as tf.Tensor2D;
  }));
  const C = both.cols - 1;
  const features = new Float32Array(both.rows * C);
  const predicted = new Int32Array(both.rows);
  for (let r = 0; r < both.rows; r++) {
    features.set(both.data.subarray(r * both.cols, r * both.cols + C), r * C);
    predicted[r] = both.data[r * both.cols + C];
  }
  return { features: { rows: both.rows, cols: C, data: features }, predicted };
}

function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>, indices: Int32Array): number {
  if (indices.length === 0) return NaN;
  let hits = 0;
  indices.forEach((idx, i) => { if (predicted[i] === labels[idx]) hits++; });
  return hits / indices.length;
}

/**
 * UA, TA, RA and DA of `model` on the scenario's fixed curve subsets. The
 * forget and retain-reference subsets go through the network once, together:
 * their features give DA, the head on those features gives UA and RA. The
 * features come back too (curve.forget's rows, then curve.retainRef's) for
 * the feature scatter over steps.
 */
export async function probeModel(model: Model, data: UnlearningData, step: number, loss: number, da: RunOptions['da']): Promise<{ point: CurvePoint; features: Matrix }> {
  const ds = data.dataset;
  const { forget, test, retainRef } = data.curve;
  const union = new Int32Array(forget.length + retainRef.length);
  union.set(forget);
  union.set(retainRef, forget.length);
  const { features, predicted } = await featuresAndPredictions(model, data, union);
  const testPred = test.length
    ? (await mapChunks(ds, ds.test, test, INFERENCE_ROWS, (x) => tf.tidy(() => tf.argMax(model.logits(x), 1).expandDims(1).toFloat() as tf.Tensor2D))).data
    : new Float32Array(0);
  const C = features.cols;
  const Xf: Matrix = { rows: forget.length, cols: C, data: features.data.subarray(0, forget.length * C) };
  const Xr: Matrix = { rows: retainRef.length, cols: C, data: features.data.subarray(forget.length * C) };
  const forgetAcc = accuracy(predicted.subarray(0, forget.length), ds.train.y, forget);
  const RA = accuracy(predicted.subarray(forget.length), ds.train.y, retainRef);
  const TA = accuracy(testPred, ds.test.y, test);
  let DA: number | undefined;
  try {
    DA = daMetric(Xr, Xf, da).DA;
  } catch {
    DA = undefined; // e.g. all-zero features after a collapse: no eigenspace to measure
  }
  return { point: { step, loss, UA: 1 - forgetAcc, TA, RA, DA }, features };
}

/**
 * Steps between curve points: `everySteps`, widened so that a run of
 * `totalSteps` gets at most about `maxCurvePoints` of them.
 */
export function curveInterval(everySteps: number, totalSteps: number, maxCurvePoints?: number): number {
  if (!maxCurvePoints || !(totalSteps > 0)) return everySteps;
  return Math.max(everySteps, Math.ceil(totalSteps / maxCurvePoints));
}

/**
 * Two-deep history of weights, so a non-finite loss at step t can roll back to weights that gave a finite one.
 *
 * A snapshot is a reference to each weight's current buffer (a reshape to the
 * same shape, which every backend implements by sharing the data), not a
 * copy: tfjs tensors are immutable, and an optimizer step rebinds each
 * variable to a new buffer rather than writing into the old one, so the
 * snapshot keeps the old values alive unchanged. `clone()` copies every
 * weight on wasm (its Identity kernel is a memcpy) — at every step, for a
 * history that is almost never read.
 */
class WeightHistory {
  private snaps: tf.Tensor[][] = [];
  constructor(private readonly model: Model) {}
  push(): void {
    this.snaps.push(this.model.weights.map((w) => tf.reshape(w, w.shape)));
    if (this.snaps.length > 2) this.snaps.shift()!.forEach((t) => t.dispose());
  }
  /** Restores the oldest kept snapshot that is entirely finite. */
  async rollback(): Promise<boolean> {
    for (const s of this.snaps) {
      this.model.weights.forEach((w, i) => w.assign(s[i]));
      if (await allFinite(this.model)) return true;
    }
    return false;
  }
  dispose(): void {
    this.snaps.forEach((s) => s.forEach((t) => t.dispose()));
    this.snaps = [];
  }
}

export async function runUnlearning(method: UnlearningMethod, params: ParamValues, o: RunOptions, emit: EventSink): Promise<MethodRunResult> {
  const model = cloneModel(o.original);
  const curves = new Map<number, CurvePoint>();
  const steps = new FeatureStepRecorder(o.data);
  let probeMs = 0;
  const probe = async (step: number, loss: number): Promise<CurvePoint> => {
    const cached = curves.get(step);
    if (cached) return cached;
    const t0 = performance.now();
    const { point, features } = await probeModel(model, o.data, step, loss, o.da);
    steps.record(step, features);
    probeMs += performance.now() - t0;
    curves.set(step, point);
    emit({ type: 'curve', modelId: o.modelId, point });
    return point;
  };
  const start = await probe(0, NaN);
  const ctx: MethodContext = {
    original: o.original, model, data: o.data, rng: o.rng, signal: o.signal, train: o.train,
    probe, start, retrainForgetAcc: o.retrainForgetAcc,
  };
  const history = new WeightHistory(model);
  const t0 = performance.now();
  probeMs = 0; // RTE counts from here: the step-0 probe above is not part of it
  let status: RunStatus;
  let message: string | undefined;
  let notes: Record<string, number | string> | undefined;
  let lastStep = 0;
  let lastLoss = NaN;
  let gen: ReturnType<UnlearningMethod['run']> | undefined;
  const pause = makeYielder();
  // Fixed at the first step (methods announce their step budget there), so the points lie on one grid.
  let interval = 0;
  try {
    gen = method.run(ctx, params);
    history.push();
    for (;;) {
      const r = await gen.next();
      // A lost GPU device surfaces here, between steps (the session falls back and restarts the run).
      checkDevice();
      if (r.done) {
        status = r.value.status;
        message = r.value.message;
        notes = r.value.notes;
        break;
      }
      const ev = r.value;
      if (ev.type === 'log') {
        emit({ type: 'log', level: 'info', message: `${method.label}: ${ev.message}` });
        continue;
      }
      lastStep = ev.step;
      lastLoss = ev.loss;
      if (!Number.isFinite(ev.loss)) {
        await gen.return({ status: 'ok' });
        throw new DivergenceError(method.label, ev.step);
      }
      history.push();
      const elapsed = performance.now() - t0;
      const fraction = Math.min(1, ev.step / Math.max(1, ev.totalSteps));
      emit({ type: 'progress', modelId: o.modelId, fraction, etaMs: fraction > 0 ? (elapsed / fraction) * (1 - fraction) : 0, message: `${method.label}: step ${ev.step}/${ev.totalSteps}, loss ${ev.loss.toFixed(4)}` });
      interval ||= curveInterval(o.everySteps, ev.totalSteps, o.maxCurvePoints);
      if (ev.step % interval === 0) await probe(ev.step, ev.loss);
      // Give the worker's event loop a turn, or a Cancel message cannot arrive until the method ends.
      await pause();
      if (o.signal.aborted) throw new CancelledError(method.label);
    }
    if (o.signal.aborted) throw new CancelledError(method.label);
    if (!(await allFinite(model))) throw new DivergenceError(method.label, lastStep, 'weights are not finite');
  } catch (err) {
    if (err instanceof DivergenceError) {
      await history.rollback();
      status = 'diverged';
      message = err.message;
      emit({ type: 'log', level: 'warn', message });
    } else {
      // Let the method release what it holds (optimizer state, masks); on a lost device this may fail too.
      try {
        await gen?.return({ status: 'ok' });
      } catch {
        /* already finished, or its backend is gone */
      }
      history.dispose();
      model.weights.forEach((w) => w.dispose());
      throw err;
    }
  } finally {
    history.dispose();
  }
  const timeMs = performance.now() - t0 - probeMs;
  // The final point on the curve, so every curve ends at the model that is evaluated.
  if (!curves.has(lastStep) || status !== 'ok') {
    curves.delete(lastStep);
    await probe(lastStep, lastLoss);
  }
  return { model, status, message, notes, curves: [...curves.values()].sort((a, b) => a.step - b.step), featureSteps: steps.result(), timeMs };
}
