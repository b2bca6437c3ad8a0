/**
 * WGSL for a dense layer's three products, each one dispatch: forward
 * (matmul + bias + ReLU), the input gradient with the previous layer's ReLU
 * mask applied, and the weight gradient with the bias gradient as one extra
 * output row. All three are product(); they differ only in how they read
 * their operands and write the result.
 *
 * Buffers: `params` / `grads` are the flat weight and gradient buffers, where
 * a layer's kernel [in, out] (row-major) is followed directly by its bias
 * [out] — so row `in` of the kernel-gradient product is the bias gradient.
 * Activations are row-major [rows, width], rows = the step's n.
 */
import { product } from './productKernel';

export interface DenseLayout {
  /** Input and output widths. */
  inDim: number;
  outDim: number;
  /** Offsets (in floats) of the kernel and the bias in the flat buffers. */
  kernelOffset: number;
  biasOffset: number;
  relu: boolean;
}

/** out = act(x · W + b): x [n, in] → out [n, out]. Bindings: params, x, out, step. */
export function denseForwardShader(l: DenseLayout): string {
  return product({
    bindings: `
@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> step: Step;`,
    rows: 'step.n', cols: l.outDim, kLen: `${l.inDim}u`,
    loadA: `return x[row * ${l.inDim}u + k];`,
    loadB: `return params[${l.kernelOffset}u + k * ${l.outDim}u + col];`,
    // Bias added after the product, as tfjs' matMul then add does; ReLU as
    // tfjs-webgpu writes it, so a NaN passes through (WGSL's max may drop it).
    store: `let z = acc + params[${l.biasOffset}u + col];
  out[row * ${l.outDim}u + col] = ${l.relu ? 'select(z, 0.0, z < 0.0)' : 'z'};`,
  });
}

/**
 * dxPrev = (dz · Wᵀ) ⊙ [xPrev > 0]: the gradient w.r.t. this layer's input,
 * masked by the ReLU that produced it (xPrev is that ReLU's output, positive
 * exactly where its input was). dz [n, out] → dxPrev [n, in].
 * Bindings: params, dz, xPrev, dxPrev, step.
 */
export function denseBackpropInputShader(l: DenseLayout): string {
  return product({
    bindings: `
@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> dz: array<f32>;
@group(0) @binding(2) var<storage, read> xPrev: array<f32>;
@group(0) @binding(3) var<storage, read_write> dxPrev: array<f32>;
@group(0) @binding(4) var<uniform> step: Step;`,
    rows: 'step.n', cols: l.inDim, kLen: `${l.outDim}u`,
    loadA: `return dz[row * ${l.outDim}u + k];`,
    loadB: `return params[${l.kernelOffset}u + col * ${l.outDim}u + k];`,
    store: `let i = row * ${l.inDim}u + col;
  dxPrev[i] = select(0.0, acc, xPrev[i] > 0.0);`,
  });
}

/**
 * dW = xᵀ · dz and db = 1ᵀ · dz, as one product with [in + 1] output rows:
 * row `in` is the bias gradient, which lands right after the kernel's in the
 * flat gradient buffer. Bindings: grads, x, dz, step.
 */
export function denseBackpropWeightsShader(l: DenseLayout): string {
  if (l.biasOffset !== l.kernelOffset + l.inDim * l.outDim) throw new Error('a dense bias must follow its kernel in the flat buffer');
  return product({
    bindings: `
@group(0) @binding(0) var<storage, read_write> grads: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dz: array<f32>;
@group(0) @binding(3) var<uniform> step: Step;`,
    rows: `${l.inDim + 1}u`, cols: l.outDim, kLen: 'step.n',
    loadA: `if (row == ${l.inDim}u) { return 1.0; }
  return x[k * ${l.inDim}u + row];`,
    loadB: `return dz[k * ${l.outDim}u + col];`,
    store: `grads[${l.kernelOffset}u + row * ${l.outDim}u + col] = acc;`,
  });
}
