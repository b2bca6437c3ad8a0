/**
 * WGSL that assembles a batch on the device: the training samples live in one
 * buffer (uploaded once, already scaled and normalised by gatherInputs), and
 * each step sends only the batch's row positions in it.
 */
import { LINEAR_WORKGROUP, STEP_STRUCT } from './wgsl';

/** x[r, j] = samples[rows[r], j] for r < n. Bindings: samples, rows, x, step. */
export function gatherShader(sampleSize: number): string {
  return /* wgsl */ `
${STEP_STRUCT}
@group(0) @binding(0) var<storage, read> samples: array<f32>;
@group(0) @binding(1) var<storage, read> rows: array<u32>;
@group(0) @binding(2) var<storage, read_write> x: array<f32>;
@group(0) @binding(3) var<uniform> step: Step;

@compute @workgroup_size(${LINEAR_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let total = step.n * ${sampleSize}u;
  // Grid-stride: the dispatch is sized once for a full batch.
  for (var i = gid.x; i < total; i += groups.x * ${LINEAR_WORKGROUP}u) {
    let r = i / ${sampleSize}u;
    let j = i % ${sampleSize}u;
    x[i] = samples[rows[r] * ${sampleSize}u + j];
  }
}`;
}
