import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithCpu, seededValues, useWasmWithLabKernels } from './kernelTesting';

beforeAll(useWasmWithLabKernels);

const cases: { name: string; x: number[]; axis: number | number[]; keepDims: boolean; out: number[] }[] = [
  { name: 'a conv bias gradient: all leading axes (fast path)', x: [16, 9, 9, 7], axis: [0, 1, 2], keepDims: false, out: [7] },
  { name: 'a dense bias gradient: axis 0 of a matrix (fast path)', x: [300, 11], axis: 0, keepDims: false, out: [11] },
  { name: 'leading axes given out of order, keepDims (fast path)', x: [5, 6, 4], axis: [1, 0], keepDims: true, out: [1, 1, 4] },
  { name: 'the last axis (the backend\'s own kernel)', x: [6, 10], axis: 1, keepDims: false, out: [6] },
  { name: 'a middle axis (the backend\'s own kernel)', x: [3, 4, 5], axis: 1, keepDims: false, out: [3, 5] },
];

describe('Sum on wasm matches the cpu backend', () => {
  for (const c of cases) {
    it(`${c.name}: relative error ≤ 1e-5`, async () => {
      const r = await compareWithCpu('Sum', { x: { shape: c.x, values: seededValues(c.x, 9) } }, { axis: c.axis, keepDims: c.keepDims });
      expect(r.wasmShape).toEqual(c.out);
      expect(r.relError).toBeLessThanOrEqual(1e-5);
    });
  }
});
