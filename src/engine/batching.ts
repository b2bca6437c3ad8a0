/**
 * Turning index lists into tensors: shuffled mini-batches for training and
 * fixed-order chunks for evaluation. The only place samples become tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherInputs, gatherLabels, sampleSize, type Dataset, type Split } from './data/dataset';
import type { Rng } from './random';

export interface Batch {
  /** [b, ...inputShape] flattened to [b, d]; models reshape as they need. */
  x: tf.Tensor2D;
  /** Integer labels [b]. */
  y: tf.Tensor1D;
  indices: Int32Array;
}

export function makeBatch(ds: Dataset, split: Split, indices: Int32Array, labels?: Int32Array): Batch {
  const d = sampleSize(ds);
  const x = tf.tensor2d(gatherInputs(ds, split, indices), [indices.length, d]);
  const y = tf.tensor1d(labels ?? gatherLabels(split, indices), 'int32');
  return { x, y, indices };
}

export function disposeBatch(b: Batch): void {
  b.x.dispose();
  b.y.dispose();
}

/** The index lists of one shuffled epoch, in batches of `batchSize` (the last may be smaller). */
export function epochBatches(indices: Int32Array, batchSize: number, rng: Rng): Int32Array[] {
  const order = rng.shuffle(indices.slice());
  const out: Int32Array[] = [];
  for (let i = 0; i < order.length; i += batchSize) out.push(order.subarray(i, i + batchSize));
  return out;
}

/** `count` random indices drawn from `indices` (with replacement across calls, without within). */
export function randomBatch(indices: Int32Array, count: number, rng: Rng): Int32Array {
  const pick = rng.sample(indices.length, Math.min(count, indices.length));
  return Int32Array.from(pick, (p) => indices[p]);
}

/**
 * Rows per forward pass for pure inference (evaluation, curve probes, teacher
 * logits): as many as fit at once, for fewer dispatches and readbacks.
 */
export const INFERENCE_ROWS = 2048;

/** Runs `fn` over fixed-order chunks of `indices` (evaluation), concatenating row outputs. */
export async function mapChunks(
  ds: Dataset, split: Split, indices: Int32Array, chunk: number,
  fn: (x: tf.Tensor2D) => tf.Tensor2D,
): Promise<{ rows: number; cols: number; data: Float32Array }> {
  let cols = 0;
  const parts: Float32Array[] = [];
  for (let i = 0; i < indices.length; i += chunk) {
    const idx = indices.subarray(i, i + chunk);
    const x = tf.tensor2d(gatherInputs(ds, split, idx), [idx.length, sampleSize(ds)]);
    const out = fn(x);
    x.dispose();
    cols = out.shape[1];
    parts.push((await out.data()) as Float32Array);
    out.dispose();
  }
  const data = new Float32Array(indices.length * cols);
  let off = 0;
  for (const p of parts) {
    data.set(p, off);
    off += p.length;
  }
  return { rows: indices.length, cols, data };
}

/** Yields to the event loop at most every `everyMs`, so cancel messages and UI events get through. */
export function makeYielder(everyMs = 40): () => Promise<void> {
  let last = Date.now();
  return async () => {
    if (Date.now() - last < everyMs) return;
    await new Promise<void>((r) => setTimeout(r, 0));
    last = Date.now();
  };
}
