import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithCpu, seededValues, useWasmWithLabKernels } from './kernelTesting';

beforeAll(useWasmWithLabKernels);

// Patch rows fh·fw·ci ≤ 32 take the im2col path, more take the transposed convolution.
const cases: { name: string; x: number[]; filter: number[]; strides: number; pad: unknown; dataFormat?: 'NHWC' | 'NCHW' }[] = [
  { name: 'the lab CNN\'s first layer: 3×3 same, 1 input channel (im2col)', x: [4, 12, 12, 1], filter: [3, 3, 1, 8], strides: 1, pad: 'same' },
  { name: 'the lab CNN\'s second layer: 3×3 same, 8 → 16 channels (transposed conv)', x: [3, 7, 7, 8], filter: [3, 3, 8, 16], strides: 1, pad: 'same' },
  { name: 'valid padding, non-square filter (im2col)', x: [2, 9, 8, 3], filter: [3, 2, 3, 5], strides: 1, pad: 'valid' },
  { name: 'valid padding, non-square filter (transposed conv)', x: [2, 9, 8, 6], filter: [3, 2, 6, 5], strides: 1, pad: 'valid' },
  { name: 'stride 2 same padding (im2col)', x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { name: 'stride 2 that reads the whole input (transposed conv, dilated)', x: [2, 9, 9, 4], filter: [3, 3, 4, 4], strides: 2, pad: 'valid' },
  { name: 'stride 2 that leaves the last row unread (transposed conv, cropped first)', x: [2, 8, 8, 4], filter: [3, 3, 4, 4], strides: 2, pad: 'valid' },
  { name: 'stride 2 same padding (transposed conv)', x: [2, 8, 8, 4], filter: [3, 3, 4, 4], strides: 2, pad: 'same' },
  { name: 'explicit padding (transposed conv)', x: [2, 6, 6, 4], filter: [3, 3, 4, 3], strides: 1, pad: [[0, 0], [2, 1], [0, 1], [0, 0]] },
  { name: 'explicit padding (im2col)', x: [2, 6, 6, 2], filter: [3, 3, 2, 3], strides: 1, pad: [[0, 0], [2, 1], [0, 1], [0, 0]] },
  { name: 'NCHW layout (JS loop)', x: [2, 3, 6, 6], filter: [3, 3, 3, 4], strides: 1, pad: 'same', dataFormat: 'NCHW' },
];

describe('Conv2DBackpropFilter on wasm matches the cpu backend', () => {
  for (const c of cases) {
    it(`${c.name}: relative error ≤ 1e-5`, async () => {
      const nchw = c.dataFormat === 'NCHW';
      const [b, d1, d2, d3] = c.x;
      const [h, w] = nchw ? [d2, d3] : [d1, d2];
      const [fh, fw, , co] = c.filter;
      const sh = c.strides;
      const pad = c.pad;
      const oh = pad === 'same' ? Math.ceil(h / sh) : Array.isArray(pad) ? Math.floor((h + pad[1][0] + pad[1][1] - fh) / sh) + 1 : Math.floor((h - fh) / sh) + 1;
      const ow = pad === 'same' ? Math.ceil(w / sh) : Array.isArray(pad) ? Math.floor((w + pad[2][0] + pad[2][1] - fw) / sh) + 1 : Math.floor((w - fw) / sh) + 1;
      const dyShape = nchw ? [b, co, oh, ow] : [b, oh, ow, co];
      const r = await compareWithCpu('Conv2DBackpropFilter', {
        x: { shape: c.x, values: seededValues(c.x, 1, 0.3) },
        dy: { shape: dyShape, values: seededValues(dyShape, 2) },
      }, { strides: c.strides, pad: c.pad, dataFormat: c.dataFormat ?? 'NHWC', filterShape: c.filter });
      expect(r.wasmShape).toEqual(c.filter);
      expect(r.relError).toBeLessThanOrEqual(1e-5);
    });
  }
});
