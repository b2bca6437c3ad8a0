/**
 * WGSL for one optimizer update over every weight of the model at once (the
 * flat parameter buffer), weight decay included: g ← g + wd·w as in
 * optimize.ts' minimizeStep, then the update written operation for operation
 * as tfjs 4.22's optimizers do (adam_optimizer.js, sgd_optimizer.js,
 * momentum_optimizer.js), with their constants rounded to float32 as tfjs'
 * scalars are.
 */
import { f32, LINEAR_WORKGROUP, STEP_STRUCT } from './wgsl';

export type FusedOptimizer =
  | { kind: 'adam'; lr: number; beta1: number; beta2: number; epsilon: number }
  | { kind: 'sgd'; lr: number }
  | { kind: 'momentum'; lr: number; momentum: number };

/** The update of one weight `w` with gradient `g`; `s1`, `s2` are its optimizer state (m, v or the momentum accumulation). */
function updateBody(o: FusedOptimizer): string {
  const negLr = f32(-o.lr);
  if (o.kind === 'sgd') return `params[i] = ${negLr} * g + w;`;
  if (o.kind === 'momentum') {
    return `let acc = ${f32(o.momentum)} * s1[i] + g;
    s1[i] = acc;
    params[i] = ${negLr} * acc + w;`;
  }
  return `let m = s1[i] * ${f32(o.beta1)} + g * ${f32(1 - o.beta1)};
    let v = s2[i] * ${f32(o.beta2)} + (g * g) * ${f32(1 - o.beta2)};
    s1[i] = m;
    s2[i] = v;
    let mHat = m / step.oneMinusAcc1;
    let vHat = v / step.oneMinusAcc2;
    params[i] = (mHat / (sqrt(vHat) + ${f32(o.epsilon)})) * ${negLr} + w;`;
}

/** The buffers each optimizer's kernel binds, in binding order (WGSL drops unused bindings from an auto layout). */
export type OptimizerBinding = 'params' | 'grads' | 's1' | 's2' | 'step';
export function optimizerBindings(kind: FusedOptimizer['kind']): OptimizerBinding[] {
  if (kind === 'adam') return ['params', 'grads', 's1', 's2', 'step'];
  if (kind === 'momentum') return ['params', 'grads', 's1'];
  return ['params', 'grads'];
}

const DECLARATIONS: Record<OptimizerBinding, string> = {
  params: 'var<storage, read_write> params: array<f32>;',
  grads: 'var<storage, read> grads: array<f32>;',
  s1: 'var<storage, read_write> s1: array<f32>;',
  s2: 'var<storage, read_write> s2: array<f32>;',
  step: 'var<uniform> step: Step;',
};

/** Updates `count` weights; binds optimizerBindings(o.kind). */
export function optimizerShader(o: FusedOptimizer, count: number, weightDecay: number): string {
  const bindings = optimizerBindings(o.kind).map((b, i) => `@group(0) @binding(${i}) ${DECLARATIONS[b]}`).join('\n');
  return /* wgsl */ `
${STEP_STRUCT}
${bindings}

@compute @workgroup_size(${LINEAR_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  for (var i = gid.x; i < ${count}u; i += groups.x * ${LINEAR_WORKGROUP}u) {
    let w = params[i];
    let g = ${weightDecay ? `grads[i] + w * ${f32(weightDecay)}` : 'grads[i]'};
    ${updateBody(o)}
  }
}`;
}

/**
 * Adam's bias corrections for each step, accumulated in float32 as tfjs'
 * accBeta variables are (β₁ᵗ by repeated float32 multiplication, from β₁).
 */
export class AdamCorrections {
  private acc1: number;
  private acc2: number;
  constructor(private readonly beta1: number, private readonly beta2: number) {
    this.acc1 = Math.fround(beta1);
    this.acc2 = Math.fround(beta2);
  }

  /** [1 − β₁ᵗ, 1 − β₂ᵗ] for the next step; advances t. */
  next(): [number, number] {
    const out: [number, number] = [Math.fround(1 - this.acc1), Math.fround(1 - this.acc2)];
    this.acc1 = Math.fround(this.acc1 * Math.fround(this.beta1));
    this.acc2 = Math.fround(this.acc2 * Math.fround(this.beta2));
    return out;
  }
}
