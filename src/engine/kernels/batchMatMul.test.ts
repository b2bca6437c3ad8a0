import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithCpu, seededValues, useWasmWithLabKernels } from './kernelTesting';

beforeAll(useWasmWithLabKernels);

const cases: { name: string; a: number[]; b: number[]; transposeA: boolean; transposeB: boolean; out: number[] }[] = [
  { name: 'plain product (the backend\'s own XNNPACK path)', a: [33, 70], b: [70, 19], transposeA: false, transposeB: false, out: [33, 19] },
  { name: 'dX = dY·Wᵀ (transposeB)', a: [32, 48], b: [100, 48], transposeA: false, transposeB: true, out: [32, 100] },
  { name: 'dW = Xᵀ·dY (transposeA)', a: [64, 50], b: [64, 30], transposeA: true, transposeB: false, out: [50, 30] },
  { name: 'both transposed', a: [40, 17], b: [23, 40], transposeA: true, transposeB: true, out: [17, 23] },
  { name: 'rank 3 with one batch, transposeB', a: [1, 9, 12], b: [1, 7, 12], transposeA: false, transposeB: true, out: [1, 9, 7] },
  { name: 'rank 3 with several batches (the backend\'s own kernel)', a: [3, 9, 12], b: [3, 7, 12], transposeA: false, transposeB: true, out: [3, 9, 7] },
];

describe('BatchMatMul on wasm matches the cpu backend', () => {
  for (const c of cases) {
    it(`${c.name}: relative error ≤ 1e-5`, async () => {
      const r = await compareWithCpu('BatchMatMul', {
        a: { shape: c.a, values: seededValues(c.a, 7) },
        b: { shape: c.b, values: seededValues(c.b, 8) },
      }, { transposeA: c.transposeA, transposeB: c.transposeB });
      expect(r.wasmShape).toEqual(c.out);
      expect(r.relError).toBeLessThanOrEqual(1e-5);
    });
  }
});
