import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithCpu, seededValues, useWasmWithLabKernels } from './kernelTesting';

beforeAll(useWasmWithLabKernels);

const cases: { name: string; inputShape: number[]; filter: number[]; dy: number[]; strides: number; pad: unknown }[] = [
  { name: 'the lab CNN\'s second layer: 3×3 same (XNNPACK path)', inputShape: [3, 7, 7, 8], filter: [3, 3, 8, 16], dy: [3, 7, 7, 16], strides: 1, pad: 'same' },
  { name: 'valid padding, non-square filter (XNNPACK path)', inputShape: [2, 9, 8, 3], filter: [3, 2, 3, 5], dy: [2, 7, 7, 5], strides: 1, pad: 'valid' },
  { name: 'explicit asymmetric padding (XNNPACK path)', inputShape: [2, 6, 6, 2], filter: [3, 3, 2, 3], dy: [2, 7, 5, 3], strides: 1, pad: [[0, 0], [2, 1], [0, 1], [0, 0]] },
  { name: 'stride 2 (the backend\'s own kernel)', inputShape: [2, 8, 8, 3], filter: [3, 3, 3, 4], dy: [2, 4, 4, 4], strides: 2, pad: 'same' },
];

describe('Conv2DBackpropInput on wasm matches the cpu backend', () => {
  for (const c of cases) {
    it(`${c.name}: relative error ≤ 1e-5`, async () => {
      const r = await compareWithCpu('Conv2DBackpropInput', {
        dy: { shape: c.dy, values: seededValues(c.dy, 3) },
        filter: { shape: c.filter, values: seededValues(c.filter, 4) },
      }, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.inputShape });
      expect(r.wasmShape).toEqual(c.inputShape);
      expect(r.relError).toBeLessThanOrEqual(1e-5);
    });
  }
});
