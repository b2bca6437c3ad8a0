import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeBatch, makeBatch, randomBatch } from '../batching';
import { principalAngles } from '../linalg/principalAngles';
import { alignmentTensor } from '../metrics/alignment';
import { distillationKL } from './losses';
import { cloneModel, disposeModel } from '../models/model';
import { makeOptimizer, minimizeStep } from '../optimize';
import { createRng } from '../random';
import { trainedFixture, type TrainedFixture } from '../testing/trainedFixture';
import { muda, mudaForgetLoss, mudaRecoverLoss, type MudaLossOptions } from './muda';
import { TeacherLogits } from './teacherLogits';
import { resolveParams } from './params';
import { RetainEigenspaceTracker } from './retainEigenspace';
import { runUnlearning } from './runner';

let fx: TrainedFixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await trainedFixture();
});
afterAll(() => disposeModel(fx.original));

const lossOpts: MudaLossOptions = { lambdaDA: 5, lambdaForget: 0, forgetLoss: 'none', recoverLoss: 'sd', temperature: 2 };

function tracker(solver: 'cpu' | 'gpu', tau = 0.95) {
  return new RetainEigenspaceTracker({ solver, tau, centered: false, kMax: 7, rng: createRng(3) });
}

describe('MUDA', () => {
  it('one forget step raises DA of its batch against the retain eigenspace', async () => {
    const model = cloneModel(fx.original);
    const { ds, data } = fx;
    const rb = makeBatch(ds, ds.train, data.retainRef);
    const t = tracker('cpu');
    const f = model.features(rb.x);
    const es = await t.refresh(f);
    f.dispose();
    const fb = makeBatch(ds, ds.train, data.forget.subarray(0, 64));
    const daOf = () => tf.tidy(() => alignmentTensor(model.features(fb.x), es.U).dataSync()[0]);
    const before = daOf();
    expect(before).toBeLessThan(0.999);
    const opt = makeOptimizer('adam', 1e-2);
    minimizeStep(opt, model.weights, () => mudaForgetLoss(model, fb, es, null, lossOpts)).dispose();
    const after = daOf();
    expect(after).toBeGreaterThan(before + 1e-4);
    [rb, fb].forEach(disposeBatch);
    t.dispose();
    opt.dispose();
    disposeModel(model);
  });

  it('the recover step lowers the KL to the Original', async () => {
    const model = cloneModel(fx.original);
    // Move the model away from θ_o first, so there is a KL to recover.
    model.weights.forEach((w, i) => w.assign(tf.add(w, tf.randomNormal(w.shape, 0, 0.3, 'float32', i))));
    const rb = makeBatch(fx.ds, fx.ds.train, fx.data.retainRef);
    const kl = () => tf.tidy(() => distillationKL(fx.original.logits(rb.x), model.logits(rb.x), 2).dataSync()[0]);
    const before = kl();
    const opt = makeOptimizer('adam', 1e-2);
    const teacher = await TeacherLogits.of(fx.original, fx.ds, fx.data.retainRef);
    minimizeStep(opt, model.weights, () => mudaRecoverLoss(model, teacher, rb, lossOpts)).dispose();
    expect(kl()).toBeLessThan(before);
    expect(() => mudaRecoverLoss(model, null, rb, lossOpts)).toThrow(/whose logits were not given/);
    teacher.dispose();
    disposeBatch(rb);
    opt.dispose();
    disposeModel(model);
  });

  it('GPU subspace iteration tracks the exact CPU eigenspace (principal angles < 1e-2 rad)', async () => {
    const rb = makeBatch(fx.ds, fx.ds.train, randomBatch(fx.data.retain, 100, createRng(4)));
    const f = fx.original.features(rb.x);
    const cpu = tracker('cpu', 0.99);
    const gpu = new RetainEigenspaceTracker({ solver: 'gpu', tau: 0.99, fixedK: undefined, centered: false, kMax: 7, rng: createRng(3) });
    const a = await cpu.refresh(f);
    const b = await gpu.refresh(f);
    const k = Math.min(a.k, b.k);
    const basis = (U: tf.Tensor2D) => ({ rows: U.shape[0], cols: k, data: Float64Array.from(tf.tidy(() => tf.slice(U, [0, 0], [U.shape[0], k]).dataSync())) });
    for (const angle of principalAngles(basis(a.U), basis(b.U))) expect(angle).toBeLessThan(1e-2);
    // Warm start: a second refresh on the same features stays put.
    const c = await gpu.refresh(f);
    for (const angle of principalAngles(basis(a.U), basis(c.U))) expect(angle).toBeLessThan(1e-2);
    f.dispose();
    disposeBatch(rb);
    cpu.dispose();
    gpu.dispose();
  });

  it('a short run raises DA towards 1 (forget features join the retain eigenspace), follows the recipe, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const params = resolveParams('muda', muda.params, { epochs: 10, lr: 0.01, batchSize: 32, retainSubset: 100, solver: 'cpu' });
    const events: string[] = [];
    const out = await runUnlearning(muda, params, {
      original: fx.original, data: fx.data, rng: createRng(1).fork('method/muda'), signal: new AbortController().signal,
      train: fx.trainOpts, everySteps: 2, da: { tau: 0.95, centered: false }, modelId: 'muda',
    }, (e) => events.push(e.type));
    expect(out.status).toBe('ok');
    const first = out.curves[0];
    const last = out.curves.at(-1)!;
    expect(first.DA!).toBeLessThan(0.9);
    expect(last.DA!).toBeGreaterThan(first.DA! + 0.05);
    // 4 forget batches of 32 over 100 forget samples, one recover step each, 10 epochs.
    expect(last.step).toBe(10 * 4 * 2);
    expect(events).toContain('curve');
    expect(events).toContain('progress');
    disposeModel(out.model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('joint mode and the no-DA ablation run (one step per forget batch)', async () => {
    const params = resolveParams('muda', muda.params, { epochs: 1, batchSize: 50, retainSubset: 100, mode: 'joint', lambdaDA: 0 });
    const out = await runUnlearning(muda, params, {
      original: fx.original, data: fx.data, rng: createRng(1), signal: new AbortController().signal,
      train: fx.trainOpts, everySteps: 10, da: { tau: 0.95, centered: false }, modelId: 'muda',
    }, () => {});
    expect(out.curves.at(-1)!.step).toBe(2);
    disposeModel(out.model);
  });

  it('the no-DA ablation in alternating mode runs: forget steps have nothing to minimise and are skipped', async () => {
    const params = resolveParams('muda', muda.params, { epochs: 1, batchSize: 50, retainSubset: 100, lambdaDA: 0 });
    const out = await runUnlearning(muda, params, {
      original: fx.original, data: fx.data, rng: createRng(1), signal: new AbortController().signal,
      train: fx.trainOpts, everySteps: 10, da: { tau: 0.95, centered: false }, modelId: 'muda',
    }, () => {});
    expect(out.status).toBe('ok');
    expect(out.curves.at(-1)!.step).toBe(4);
    disposeModel(out.model);
  });
});
