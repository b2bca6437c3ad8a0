/**
 * The lab's kernels for the tfjs wasm backend (4.22), registered once the
 * backend is chosen:
 *  - missing ones: Conv2DBackpropFilter (without it no CNN trains on wasm);
 *  - faster ones, replacing the backend's scalar C loops with XNNPACK or a
 *    single pass: BatchMatMul with transposes, Conv2DBackpropInput, MaxPoolGrad,
 *    and Sum over leading axes (bias gradients).
 * Each replacement calls the backend's original kernel for the cases it does
 * not speed up. Idempotent.
 */
import * as tf from '@tensorflow/tfjs';
import { batchMatMulConfig } from './batchMatMul';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput';
import { maxPoolGradConfig } from './maxPoolGrad';
import { sumConfig } from './sum';
import { originalKernel } from './wasmBackend';

export const WASM_KERNELS: tf.KernelConfig[] = [conv2dBackpropFilterConfig, batchMatMulConfig, conv2dBackpropInputConfig, maxPoolGradConfig, sumConfig];

/** Registers the lab's wasm kernels; returns the names it added or replaced. */
export function registerWasmKernels(): string[] {
  const changed: string[] = [];
  for (const k of WASM_KERNELS) {
    const existing = tf.getKernel(k.kernelName, 'wasm');
    if (existing?.kernelFunc === k.kernelFunc) continue;
    if (existing) {
      originalKernel(k.kernelName); // keep the backend's own for the cases we pass through
      tf.unregisterKernel(k.kernelName, 'wasm');
    }
    // Keep the original's setup (its cwrap), in case the backend is initialised after this call.
    tf.registerKernel({ ...k, setupFunc: existing?.setupFunc });
    changed.push(k.kernelName);
  }
  return changed;
}
