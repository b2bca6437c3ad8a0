/**
 * Test helper: runs one kernel on the cpu backend (the reference) and on wasm
 * with the lab's kernels registered, on the same seeded inputs, and returns
 * both outputs. Used by the kernel tests only.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend';
import { createRng } from '../random';
import { registerWasmKernels } from './register';

export async function useWasmWithLabKernels(): Promise<void> {
  await selectBackend({ forced: 'wasm' });
  registerWasmKernels();
}

/** Seeded values in [-1, 1), with a share of exact zeros (as after a ReLU) when `zeros` > 0. */
export function seededValues(shape: number[], seed: number, zeros = 0): Float32Array {
  const rng = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.next() < zeros ? 0 : rng.next() * 2 - 1;
  return out;
}

export interface Compared {
  shape: number[];
  wasmShape: number[];
  /** max |wasm − cpu| / max |cpu|. */
  relError: number;
}

export async function compareWithCpu(
  kernel: string, inputs: Record<string, { shape: number[]; values: Float32Array }>, attrs: object,
): Promise<Compared> {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const ts: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(inputs)) ts[k] = tf.tensor(v.values, v.shape);
    const out = tf.engine().runKernel(kernel, ts as unknown as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor;
    const data = (await out.data()) as Float32Array;
    const shape = out.shape.slice();
    out.dispose();
    Object.values(ts).forEach((t) => t.dispose());
    return { data, shape };
  };
  const ref = await run('cpu');
  const got = await run('wasm');
  let maxRef = 0;
  let maxDiff = 0;
  for (let i = 0; i < ref.data.length; i++) {
    maxRef = Math.max(maxRef, Math.abs(ref.data[i]));
    maxDiff = Math.max(maxDiff, Math.abs(ref.data[i] - got.data[i]));
  }
  if (got.data.length !== ref.data.length) maxDiff = Infinity;
  return { shape: ref.shape, wasmShape: got.shape, relError: maxRef > 0 ? maxDiff / maxRef : maxDiff };
}
