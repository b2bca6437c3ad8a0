/**
 * BatchMatMul for the wasm backend, routed to XNNPACK whenever it can be.
 * tfjs-backend-wasm 4.22 sends a product to XNNPACK's fully-connected GEMM
 * only when neither operand is transposed and there is one batch; every other
 * case runs a scalar blocked C loop, measured ~6× slower here. Backprop asks
 * for exactly those cases (dX = dY·Wᵀ, dW = Xᵀ·dY), so this kernel
 * transposes the operand explicitly — one pass over its bytes — and then
 * takes the fast path.
 */
import type { BatchMatMulAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { callOriginal, release, transposeTemp, view, type BackendWasm } from './wasmBackend';

/** [..., r, c] → [r·c-preserving 2-D view] when every leading dim is 1. */
function asMatrix(t: TensorInfo): TensorInfo | null {
  const s = t.shape;
  if (s.length < 2 || s.slice(0, -2).some((d) => d !== 1)) return null;
  return view(t, s.slice(-2));
}

function batchMatMul(args: { inputs: { a: TensorInfo; b: TensorInfo }; backend: BackendWasm; attrs: BatchMatMulAttrs }): TensorInfo {
  const { inputs: { a, b }, backend, attrs } = args;
  const a2 = asMatrix(a);
  const b2 = asMatrix(b);
  const empty = a.shape.includes(0) || b.shape.includes(0);
  if (!(attrs.transposeA || attrs.transposeB) || !a2 || !b2 || empty || a.dtype !== 'float32' || b.dtype !== 'float32') {
    return callOriginal('BatchMatMul', backend, { a, b }, attrs);
  }
  const temps: TensorInfo[] = [];
  const plainA = attrs.transposeA ? transposeTemp(backend, a2, [1, 0]) : a2;
  const plainB = attrs.transposeB ? transposeTemp(backend, b2, [1, 0]) : b2;
  if (attrs.transposeA) temps.push(plainA);
  if (attrs.transposeB) temps.push(plainB);
  const out = callOriginal('BatchMatMul', backend, { a: plainA, b: plainB }, { transposeA: false, transposeB: false });
  release(backend, ...temps);
  // The caller expects the broadcast batch dims of the inputs (all 1 here).
  const rank = Math.max(a.shape.length, b.shape.length);
  out.shape = [...new Array(rank - 2).fill(1), plainA.shape[0], plainB.shape[1]];
  return out;
}

export const batchMatMulConfig: KernelConfig = {
  kernelName: 'BatchMatMul',
  backendName: 'wasm',
  kernelFunc: batchMatMul as unknown as KernelFunc,
};
