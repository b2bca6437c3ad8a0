/**
 * The few internals of tfjs-backend-wasm 4.22 that the lab's kernels use:
 * heap views of tensors, and calls to the backend's own kernels (the
 * originals, even where the lab overrides them) on temporaries that the
 * caller frees with `release`. Typed here once, so each kernel file reads as
 * its algorithm only.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type { BackendWasm };

/**
 * A float32 view onto a tensor's bytes in the wasm heap. Take views only
 * after the last allocation of a kernel: a growing heap detaches old views.
 */
export function heapF32(backend: BackendWasm, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/** Frees a temporary made inside a kernel (never an input or the output). */
export function release(backend: BackendWasm, ...ts: TensorInfo[]): void {
  for (const t of ts) backend.disposeData(t.dataId);
}

type KernelCall = (args: { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs?: NamedAttrMap }) => TensorInfo;

/** The wasm backend's own kernels, captured before the lab overrides any of them. */
const originals = new Map<string, tf.KernelConfig>();

export function originalKernel(name: string): tf.KernelConfig | undefined {
  if (!originals.has(name)) {
    const k = tf.getKernel(name, 'wasm');
    if (k) originals.set(name, k);
  }
  return originals.get(name);
}

/** Runs the backend's own kernel `name` (not the engine: no tape, no tracking). */
export function callOriginal(name: string, backend: BackendWasm, inputs: Record<string, TensorInfo>, attrs: object = {}): TensorInfo {
  const k = originalKernel(name);
  if (!k) throw new Error(`tfjs wasm has no kernel ${name}`);
  return (k.kernelFunc as unknown as KernelCall)({ inputs, backend, attrs: attrs as NamedAttrMap });
}

/** x with its axes permuted, as a new temporary. */
export function transposeTemp(backend: BackendWasm, x: TensorInfo, perm: number[]): TensorInfo {
  return callOriginal('Transpose', backend, { x }, { perm });
}

/** The same data seen with another shape (no copy; the view shares x's bytes and is not released). */
export function view(x: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: x.dataId, shape, dtype: x.dtype };
}
