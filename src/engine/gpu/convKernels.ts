/**
 * WGSL for the CNN's block — conv 3×3 'same' (stride 1) + bias + ReLU +
 * max-pool 2×2 (stride 2, 'valid') — in three dispatches: the whole block
 * forward (one thread per pooled output, keeping which of its 4 positions won),
 * the filter gradient (with the bias gradient as an extra row), and the input
 * gradient, masked by the previous block's ReLU. The backward kernels read the
 * conv output's gradient straight from the pooled gradient and the winners,
 * so max-pool backward costs no dispatch of its own.
 *
 * Layouts as tfjs: images NHWC, filters [3, 3, cIn, cOut] row-major followed by
 * the bias [cOut] in the flat weight buffer. `dPool` is the loss gradient
 * w.r.t. the block's pooled output, already zero where that output is 0
 * (the ReLU mask, applied by the kernel that wrote it).
 */
import { product, splitSumProduct } from './productKernel';
import { LINEAR_WORKGROUP, STEP_STRUCT } from './wgsl';

export interface ConvBlockLayout {
  /** Input height, width and channels; output channels. */
  height: number;
  width: number;
  cIn: number;
  cOut: number;
  kernelOffset: number;
  biasOffset: number;
}

/** Pooled output height and width (floor: an odd last row / column is dropped, as 'valid' pooling does). */
export function pooledSize(c: ConvBlockLayout): [number, number] {
  return [Math.floor(c.height / 2), Math.floor(c.width / 2)];
}

/**
 * WGSL: the conv output's gradient at (b, y, x, co) — the pooled gradient
 * where (y, x) won its pooling window, else 0. Positions outside the pooled
 * region (an odd last row / column) get 0 from the callers' bounds.
 */
function routedGradient(c: ConvBlockLayout): string {
  const [hp, wp] = pooledSize(c);
  return `
fn convGrad(b: u32, y: u32, x: u32, co: u32) -> f32 {
  let p = ((b * ${hp}u + y / 2u) * ${wp}u + x / 2u) * ${c.cOut}u + co;
  return select(0.0, dPool[p], winner[p] == (y % 2u) * 2u + x % 2u);
}`;
}

/** pooled = maxpool(relu(conv(x) + b)), winner = 0…3 (row-major in the window). Bindings: params, x, pooled, winner, step. */
export function convBlockForwardShader(c: ConvBlockLayout): string {
  const [hp, wp] = pooledSize(c);
  return /* wgsl */ `
${STEP_STRUCT}
@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> pooled: array<f32>;
@group(0) @binding(3) var<storage, read_write> winner: array<u32>;
@group(0) @binding(4) var<uniform> step: Step;

fn conv(b: u32, y: u32, x0: u32, co: u32) -> f32 {
  var acc = 0.0;
  for (var ky = 0u; ky < 3u; ky++) {
    let iy = i32(y) + i32(ky) - 1;
    if (iy < 0 || iy >= ${c.height}) { continue; }
    for (var kx = 0u; kx < 3u; kx++) {
      let ix = i32(x0) + i32(kx) - 1;
      if (ix < 0 || ix >= ${c.width}) { continue; }
      let src = ((b * ${c.height}u + u32(iy)) * ${c.width}u + u32(ix)) * ${c.cIn}u;
      let w = ${c.kernelOffset}u + (ky * 3u + kx) * ${c.cIn * c.cOut}u + co;
      for (var ci = 0u; ci < ${c.cIn}u; ci++) {
        acc += x[src + ci] * params[w + ci * ${c.cOut}u];
      }
    }
  }
  // ReLU as tfjs-webgpu writes it (a NaN passes through).
  let z = acc + params[${c.biasOffset}u + co];
  return select(z, 0.0, z < 0.0);
}

@compute @workgroup_size(${LINEAR_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let total = step.n * ${hp * wp * c.cOut}u;
  for (var i = gid.x; i < total; i += groups.x * ${LINEAR_WORKGROUP}u) {
    let co = i % ${c.cOut}u;
    let px = (i / ${c.cOut}u) % ${wp}u;
    let py = (i / ${wp * c.cOut}u) % ${hp}u;
    let b = i / ${hp * wp * c.cOut}u;
    var best = conv(b, 2u * py, 2u * px, co);
    var at = 0u;
    for (var k = 1u; k < 4u; k++) {
      let v = conv(b, 2u * py + k / 2u, 2u * px + k % 2u, co);
      if (v > best) { best = v; at = k; }
    }
    pooled[i] = best;
    winner[i] = at;
  }
}`;
}

/**
 * dW[ky, kx, ci, co] = Σ_{b, y, x} x[b, y + ky − 1, x + kx − 1, ci] · dz[b, y, x, co]
 * and db[co] = Σ dz[b, y, x, co] (row 9·cIn), as one product over the
 * positions that reach the pooled output. Bindings: grads, x, dPool, winner, step.
 */
export function convFilterGradShader(c: ConvBlockLayout): string {
  if (c.biasOffset !== c.kernelOffset + 9 * c.cIn * c.cOut) throw new Error('a conv bias must follow its filter in the flat buffer');
  const [hp, wp] = pooledSize(c);
  const hc = 2 * hp;
  const wc = 2 * wp;
  return splitSumProduct({
    bindings: `
@group(0) @binding(0) var<storage, read_write> grads: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dPool: array<f32>;
@group(0) @binding(3) var<storage, read> winner: array<u32>;
@group(0) @binding(4) var<uniform> step: Step;
${routedGradient(c)}`,
    rows: `${9 * c.cIn + 1}u`, cols: c.cOut, kLen: `step.n * ${hc * wc}u`,
    loadA: `if (row == ${9 * c.cIn}u) { return 1.0; }
  let ky = row / ${3 * c.cIn}u;
  let kx = (row / ${c.cIn}u) % 3u;
  let ci = row % ${c.cIn}u;
  let b = k / ${hc * wc}u;
  let iy = i32((k / ${wc}u) % ${hc}u) + i32(ky) - 1;
  let ix = i32(k % ${wc}u) + i32(kx) - 1;
  if (iy < 0 || iy >= ${c.height} || ix < 0 || ix >= ${c.width}) { return 0.0; }
  return x[((b * ${c.height}u + u32(iy)) * ${c.width}u + u32(ix)) * ${c.cIn}u + ci];`,
    loadB: `return convGrad(k / ${hc * wc}u, (k / ${wc}u) % ${hc}u, k % ${wc}u, col);`,
    store: `grads[${c.kernelOffset}u + row * ${c.cOut}u + col] = acc;`,
  });
}

/**
 * dxPrev[b, iy, ix, ci] = (Σ_{ky, kx, co} dz[b, iy − ky + 1, ix − kx + 1, co] · W[ky, kx, ci, co])
 * ⊙ [xPrev > 0]: the gradient w.r.t. the block's input, which is the previous
 * block's pooled ReLU output. Bindings: params, dPool, winner, xPrev, dxPrev, step.
 */
export function convInputGradShader(c: ConvBlockLayout): string {
  const [hp, wp] = pooledSize(c);
  return product({
    bindings: `
@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> dPool: array<f32>;
@group(0) @binding(2) var<storage, read> winner: array<u32>;
@group(0) @binding(3) var<storage, read> xPrev: array<f32>;
@group(0) @binding(4) var<storage, read_write> dxPrev: array<f32>;
@group(0) @binding(5) var<uniform> step: Step;
${routedGradient(c)}`,
    rows: `step.n * ${c.height * c.width}u`, cols: c.cIn, kLen: `${9 * c.cOut}u`,
    loadA: `let ky = k / ${3 * c.cOut}u;
  let kx = (k / ${c.cOut}u) % 3u;
  let co = k % ${c.cOut}u;
  let b = row / ${c.height * c.width}u;
  let y = i32((row / ${c.width}u) % ${c.height}u) - i32(ky) + 1;
  let x = i32(row % ${c.width}u) - i32(kx) + 1;
  if (y < 0 || y >= ${2 * hp} || x < 0 || x >= ${2 * wp}) { return 0.0; }
  return convGrad(b, u32(y), u32(x), co);`,
    loadB: `return params[${c.kernelOffset}u + ((k / ${c.cOut}u) * ${c.cIn}u + col) * ${c.cOut}u + k % ${c.cOut}u];`,
    store: `let i = row * ${c.cIn}u + col;
  dxPrev[i] = select(0.0, acc, xPrev[i] > 0.0);`,
  });
}
