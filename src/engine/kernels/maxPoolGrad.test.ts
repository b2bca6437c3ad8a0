import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithCpu, seededValues, useWasmWithLabKernels } from './kernelTesting';

beforeAll(useWasmWithLabKernels);

async function maxPoolOutput(x: { shape: number[]; values: Float32Array }, filterSize: number, strides: number, pad: 'same' | 'valid') {
  await tf.setBackend('cpu');
  const y = tf.maxPool(tf.tensor4d(x.values, x.shape as [number, number, number, number]), filterSize, strides, pad);
  const out = { shape: y.shape.slice(), values: (await y.data()) as Float32Array };
  y.dispose();
  return out;
}

const cases: { name: string; x: number[]; filterSize: number; strides: number; pad: 'same' | 'valid'; zeros: number }[] = [
  { name: 'the lab CNN\'s 2×2 pool after a ReLU (many tied zeros)', x: [3, 8, 8, 5], filterSize: 2, strides: 2, pad: 'valid', zeros: 0.6 },
  { name: 'odd size, 2×2 valid (last row dropped)', x: [2, 7, 7, 3], filterSize: 2, strides: 2, pad: 'valid', zeros: 0 },
  { name: 'overlapping 3×3 stride 2 same padding', x: [2, 9, 9, 4], filterSize: 3, strides: 2, pad: 'same', zeros: 0.3 },
  { name: 'all-zero input: every window ties', x: [1, 4, 4, 2], filterSize: 2, strides: 2, pad: 'valid', zeros: 1 },
];

describe('MaxPoolGrad on wasm matches the cpu backend (first maximum wins ties)', () => {
  for (const c of cases) {
    it(`${c.name}: relative error ≤ 1e-5`, async () => {
      const input = { shape: c.x, values: seededValues(c.x, 5, c.zeros) };
      const output = await maxPoolOutput(input, c.filterSize, c.strides, c.pad);
      const r = await compareWithCpu('MaxPoolGrad', {
        dy: { shape: output.shape, values: seededValues(output.shape, 6) },
        input, output,
      }, { filterSize: c.filterSize, strides: c.strides, pad: c.pad });
      expect(r.wasmShape).toEqual(c.x);
      expect(r.relError).toBeLessThanOrEqual(1e-5);
    });
  }
});
