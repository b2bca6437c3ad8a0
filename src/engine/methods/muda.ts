/**
 * MUDA — Machine Unlearning via Dimensional Alignment (docs/method.md).
 *
 * Forget step, on a forget batch B_f:
 *   U_r ← top-k eigenvectors of a retain batch's features under the current model (no gradient),
 *   loss = λ_DA · (−DA(B_f | U_r)²) + λ_fg · L_forget,  L_forget ∈ {none, negative CE, random-label CE}.
 * Recover step, on a batch of the retain subset R (m samples):
 *   loss = T² · KL(softmax(z_θo/T) ‖ softmax(z_θ/T))  [+ CE], θ_o the frozen Original.
 * The two alternate (ratio configurable) for E epochs over D_f, or are summed
 * in one step ("joint", for the ablation). Every choice the paper leaves open
 * is a parameter here, with the lab's default.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeBatch, epochBatches, makeBatch, randomBatch } from '../batching';
import { alignmentTensor } from '../metrics/alignment';
import { makeOptimizer } from '../optimize';
import { crossEntropy, distillationKL, randomOtherLabels } from './losses';
import { bool, num, str } from './params';
import { RetainEigenspaceTracker, type Eigenspace } from './retainEigenspace';
import { batchStep } from './shared';
import type { Model } from '../models/model';
import { TeacherLogits } from './teacherLogits';
import type { MethodContext, ParamValues, UnlearningMethod } from './types';
import { gatherLabels } from '../data/dataset';
import type { Batch } from '../batching';

export const muda: UnlearningMethod = {
  id: 'muda',
  label: 'MUDA',
  summary: 'Align forget features with the retain eigenspace (DA regularizer), keep outputs with self-distillation, alternating forget and recover steps.',
  params: [
    { name: 'lambdaDA', label: 'λ_DA — weight of the alignment loss', kind: 'number', default: 5, min: 0, max: 1000, step: 0.5, help: 'Weight λ_DA of the −DA² loss (0 = the "no DA" ablation)' },
    { name: 'forgetLoss', label: 'L_forget — extra forget-step loss', kind: 'choice', default: 'none', options: ['none', 'negative-ce', 'random-label-ce'], help: 'Extra forget-step loss L_forget (default none: MUDA injects no wrong labels)' },
    { name: 'lambdaForget', label: 'λ_fg — weight of L_forget', kind: 'number', default: 1, min: 0, max: 100, help: 'Weight λ_fg of L_forget' },
    { name: 'recoverLoss', label: 'recover-step loss', kind: 'choice', default: 'sd', options: ['sd', 'sd+ce', 'ce', 'none'], help: 'Recover-step loss: self-distillation to θ_o (sd), plus CE, CE only (the "no distillation" ablation), or none' },
    { name: 'temperature', label: 'T — distillation temperature', kind: 'number', default: 2, min: 0.1, max: 20, help: 'Distillation temperature T' },
    { name: 'retainSubset', label: 'm — size of the retain subset R (samples)', kind: 'int', default: 1000, min: 16, max: 1000000, help: 'Size m of the retain subset R used for U_r and the recover steps' },
    { name: 'epochs', label: 'E — epochs over the forget set', kind: 'int', default: 15, min: 1, max: 500, help: 'Epochs E over the forget set' },
    { name: 'batchSize', label: 'batch size, forget and retain (samples)', kind: 'int', default: 128, min: 2, max: 4096, help: 'Batch size of forget and retain batches' },
    { name: 'lr', label: 'learning rate (Adam)', kind: 'number', default: 1e-3, min: 1e-7, max: 1, log: true, help: 'Adam learning rate' },
    { name: 'mode', label: 'forget and recover: alternate or joint', kind: 'choice', default: 'alternate', options: ['alternate', 'joint'], help: 'Alternate forget / recover steps, or add both losses in one step (ablation)' },
    { name: 'recoverPerForget', label: 'recover steps per forget step', kind: 'int', default: 1, min: 0, max: 20, help: 'Recover steps after each forget step (alternating ratio)' },
    { name: 'refresh', label: 'U_r refresh interval (forget steps)', kind: 'int', default: 1, min: 1, max: 10000, help: 'Recompute U_r every this many forget steps' },
    { name: 'kMode', label: 'how k is chosen', kind: 'choice', default: 'tau', options: ['tau', 'fixed-from-original'], help: 'k by energy share τ on the current model, or fixed: taken once from the Original at τ' },
    { name: 'tau', label: 'τ — energy share that picks k', kind: 'number', default: 0.95, min: 0.5, max: 0.9999, step: 0.01, help: 'Energy share τ that picks k' },
    { name: 'centered', label: 'centre features on the retain mean', kind: 'boolean', default: false, help: 'Subtract the retain mean from both sets (docs/method.md: uncentered by default)' },
    { name: 'solver', label: 'eigensolver', kind: 'choice', default: 'auto', options: ['auto', 'gpu', 'cpu'], help: 'Eigensolver: GPU subspace iteration (Cholesky-QR), CPU (exact, or for width > 64 a warm iteration accepted only under a residual check), or auto (GPU for width > 64 on a GPU backend, else CPU)' },
    { name: 'kMax', label: 'k_max — most eigenvectors tracked', kind: 'int', default: 32, min: 1, max: 1024, help: 'Most eigenvectors the GPU solver tracks (k is capped here)' },
  ],
  run: runMuda,
};

export interface MudaLossOptions {
  lambdaDA: number;
  lambdaForget: number;
  forgetLoss: 'none' | 'negative-ce' | 'random-label-ce';
  recoverLoss: 'sd' | 'sd+ce' | 'ce' | 'none';
  temperature: number;
}

/**
 * Forget step: λ_DA · (−DA(B_f | U_r)²) + λ_fg · L_forget. U_r (and the retain
 * mean when centered) is a constant here; gradients flow through the forget
 * features only. `wrong`: random labels y′ ≠ y for the random-label loss.
 */
export function mudaForgetLoss(model: Model, fb: Batch, eigenspace: Eigenspace | null, wrong: tf.Tensor1D | null, o: MudaLossOptions): tf.Scalar {
  return tf.tidy(() => {
    const feats = model.features(fb.x);
    let loss = tf.scalar(0) as tf.Scalar;
    if (o.lambdaDA > 0 && eigenspace) {
      const da = alignmentTensor(feats, eigenspace.U, eigenspace.mean);
      loss = tf.add(loss, tf.mul(tf.neg(tf.square(da)), o.lambdaDA));
    }
    if (o.forgetLoss !== 'none' && o.lambdaForget > 0) {
      const logits = model.head(feats);
      const term = o.forgetLoss === 'negative-ce' ? tf.neg(crossEntropy(logits, fb.y, model.numClasses)) : crossEntropy(logits, wrong!, model.numClasses);
      loss = tf.add(loss, tf.mul(term, o.lambdaForget));
    }
    return loss;
  });
}

/**
 * Recover step: T² · KL(softmax(z_θo/T) ‖ softmax(z_θ/T)) to the frozen Original, and/or CE, on a retain batch.
 * `original`: the Original's logits on the retain samples (needed for 'sd' and 'sd+ce').
 */
export function mudaRecoverLoss(model: Model, original: TeacherLogits | null, rb: Batch, o: MudaLossOptions): tf.Scalar {
  return tf.tidy(() => {
    const logits = model.logits(rb.x);
    let loss = tf.scalar(0) as tf.Scalar;
    if (o.recoverLoss === 'sd' || o.recoverLoss === 'sd+ce') {
      if (!original) throw new Error(`MUDA: recoverLoss '${o.recoverLoss}' distils from the Original, whose logits were not given`);
      loss = tf.add(loss, distillationKL(original.logitsOf(rb), logits, o.temperature));
    }
    if (o.recoverLoss === 'ce' || o.recoverLoss === 'sd+ce') loss = tf.add(loss, crossEntropy(logits, rb.y, model.numClasses));
    return loss;
  });
}

/**
 * 'auto': subspace iteration pays off only where the features already live on a
 * GPU and C is large; on wasm / cpu backends tfjs' qr is hundreds of small ops
 * per iteration while the exact solver takes ~11 ms at C = 128 (docs/method.md).
 */
export function autoSolver(featureDim: number): 'gpu' | 'cpu' {
  const gpuBackend = tf.getBackend() === 'webgpu' || tf.getBackend() === 'webgl';
  return gpuBackend && featureDim > 64 ? 'gpu' : 'cpu';
}

async function* runMuda(ctx: MethodContext, p: ParamValues): ReturnType<UnlearningMethod['run']> {
  const { model, original, data, rng, signal } = ctx;
  const ds = data.dataset;
  const T = num(p, 'temperature');
  const bs = num(p, 'batchSize');
  const lambdaDA = num(p, 'lambdaDA');
  const lambdaFg = num(p, 'lambdaForget');
  const forgetLoss = str(p, 'forgetLoss');
  const recoverLoss = str(p, 'recoverLoss');
  const featureDim = model.config.featureDim;
  const solver = str(p, 'solver') === 'auto' ? autoSolver(featureDim) : (str(p, 'solver') as 'gpu' | 'cpu');

  // R ⊂ D_r: m retain samples drawn with the run's seed.
  const R = randomBatch(data.retain, num(p, 'retainSubset'), rng.fork('muda/R')).sort();
  const labelRng = rng.fork('muda/labels');
  const batchRng = rng.fork('muda/batches');

  /** U_r from the features of retain samples `idx` under `net`, outside any gradient tape. */
  const refreshEigenspace = async (t: RetainEigenspaceTracker, net: Model, idx: Int32Array) => {
    const b = makeBatch(ds, ds.train, idx);
    const f = net.features(b.x);
    try {
      return await t.refresh(f);
    } finally {
      f.dispose();
      disposeBatch(b);
    }
  };

  let fixedK: number | undefined;
  if (str(p, 'kMode') === 'fixed-from-original') {
    const probeTracker = new RetainEigenspaceTracker({ solver: 'cpu', tau: num(p, 'tau'), centered: bool(p, 'centered'), kMax: featureDim, rng: rng.fork('muda/eig0') });
    fixedK = (await refreshEigenspace(probeTracker, original, randomBatch(R, bs, rng.fork('muda/k0')))).k;
    probeTracker.dispose();
  }
  const tracker = new RetainEigenspaceTracker({ solver, tau: num(p, 'tau'), fixedK, centered: bool(p, 'centered'), kMax: num(p, 'kMax'), rng: rng.fork('muda/eig') });
  const opt = makeOptimizer('adam', num(p, 'lr'));

  const lossOpts: MudaLossOptions = { lambdaDA, lambdaForget: lambdaFg, forgetLoss: forgetLoss as MudaLossOptions['forgetLoss'], recoverLoss: recoverLoss as MudaLossOptions['recoverLoss'], temperature: T };
  const forgetTerm = (fb: Batch, wrong: tf.Tensor1D | null) => mudaForgetLoss(model, fb, tracker.get(), wrong, lossOpts);
  // θ_o never changes: its logits on R once, not a forward pass per recover step.
  const teacher = recoverLoss === 'sd' || recoverLoss === 'sd+ce' ? await TeacherLogits.of(original, ds, R) : null;
  const recoverTerm = (rb: Batch) => mudaRecoverLoss(model, teacher, rb, lossOpts);

  const epochs = num(p, 'epochs');
  const ratio = num(p, 'recoverPerForget');
  const joint = str(p, 'mode') === 'joint';
  const forgetActive = lambdaDA > 0 || (forgetLoss !== 'none' && lambdaFg > 0);
  const forgetPerEpoch = Math.ceil(data.forget.length / bs);
  const totalSteps = forgetPerEpoch * epochs * (joint ? 1 : 1 + ratio);

  /** The forget step on forget batch `fIdx`; in joint mode it adds the recover loss of a batch of R. */
  const forgetStep = async (fIdx: Int32Array): Promise<number> => {
    const wrong = forgetLoss === 'random-label-ce'
      ? tf.tensor1d(randomOtherLabels(gatherLabels(ds.train, fIdx), model.numClasses, labelRng.next), 'int32')
      : null;
    const rb = joint ? makeBatch(ds, ds.train, randomBatch(R, bs, batchRng)) : null;
    try {
      if (rb) return await batchStep(opt, model, ds, fIdx, (fb) => tf.add(forgetTerm(fb, wrong), recoverTerm(rb)));
      // The "no DA" ablation without a forget loss leaves the forget step with
      // nothing to minimise: skip its update (tfjs cannot differentiate a constant).
      return forgetActive ? await batchStep(opt, model, ds, fIdx, (fb) => forgetTerm(fb, wrong)) : 0;
    } finally {
      wrong?.dispose();
      if (rb) disposeBatch(rb);
    }
  };
  /** A recover step on a batch of R. */
  const recoverStep = () => batchStep(opt, model, ds, randomBatch(R, bs, batchRng), recoverTerm);

  let step = 0;
  let forgetSteps = 0;
  try {
    for (let e = 0; e < epochs; e++) {
      for (const fIdx of epochBatches(data.forget, bs, batchRng)) {
        if (signal.aborted) return { status: 'ok' };
        if (forgetSteps % num(p, 'refresh') === 0 && lambdaDA > 0) await refreshEigenspace(tracker, model, randomBatch(R, bs, batchRng));
        forgetSteps++;
        const loss = await forgetStep(fIdx);
        yield { type: 'step', step: ++step, totalSteps, loss };
        if (joint) continue;
        if (recoverLoss === 'none') {
          step += ratio;
          continue;
        }
        for (let r = 0; r < ratio; r++) {
          const rloss = await recoverStep();
          yield { type: 'step', step: ++step, totalSteps, loss: rloss };
        }
      }
    }
    const k = tracker.get()?.k;
    return {
      status: 'ok',
      notes: { solver, k: k ?? 'n/a', eigensolverMs: Math.round(tracker.solverMs), refreshes: tracker.refreshes },
    };
  } finally {
    tracker.dispose();
    opt.dispose();
    teacher?.dispose();
  }
}
