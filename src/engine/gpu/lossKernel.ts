/**
 * WGSL for the loss head of a step in one dispatch of one workgroup: per row
 * softmax cross-entropy and its gradient (softmax − one-hot) / n, the batch's
 * correct count (first index of the max, as tf.argMax), and the mean loss —
 * the two numbers the training loop reads back every step.
 *
 * Written as tfjs computes it (losses.softmaxCrossEntropy, mean reduction):
 * lse = max + log Σ exp(z − max), loss = lse − z[y], softmax = exp(z − lse).
 */
import { STEP_STRUCT } from './wgsl';

const THREADS = 256;

/** Bindings: logits [n, C], labels [n], dLogits [n, C], stats [loss, correct], step. */
export function softmaxCrossEntropyShader(numClasses: number): string {
  const C = numClasses;
  return /* wgsl */ `
${STEP_STRUCT}
@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read_write> dLogits: array<f32>;
@group(0) @binding(3) var<storage, read_write> stats: array<f32>;
@group(0) @binding(4) var<uniform> step: Step;
var<workgroup> lossPart: array<f32, ${THREADS}>;
var<workgroup> hitPart: array<u32, ${THREADS}>;

@compute @workgroup_size(${THREADS})
fn main(@builtin(local_invocation_id) lid: vec3<u32>) {
  var lossSum = 0.0;
  var hits = 0u;
  for (var r = lid.x; r < step.n; r += ${THREADS}u) {
    let base = r * ${C}u;
    let y = labels[r];
    var zMax = logits[base];
    var best = 0u;
    for (var c = 1u; c < ${C}u; c++) {
      let z = logits[base + c];
      if (z > zMax) { zMax = z; best = c; }
    }
    var sumExp = 0.0;
    for (var c = 0u; c < ${C}u; c++) { sumExp += exp(logits[base + c] - zMax); }
    let lse = zMax + log(sumExp);
    lossSum += lse - logits[base + y];
    if (best == y) { hits += 1u; }
    for (var c = 0u; c < ${C}u; c++) {
      let p = exp(logits[base + c] - lse);
      dLogits[base + c] = (p - select(0.0, 1.0, c == y)) * step.invN;
    }
  }
  lossPart[lid.x] = lossSum;
  hitPart[lid.x] = hits;
  workgroupBarrier();
  for (var s = ${THREADS / 2}u; s > 0u; s >>= 1u) {
    if (lid.x < s) {
      lossPart[lid.x] += lossPart[lid.x + s];
      hitPart[lid.x] += hitPart[lid.x + s];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    stats[0] = lossPart[0] / f32(step.n);
    stats[1] = f32(hitPart[0]);
  }
}`;
}
