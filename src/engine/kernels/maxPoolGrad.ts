/**
 * MaxPoolGrad for the wasm backend: each output's gradient goes to the first
 * maximum of its window in row-major order (the cpu backend's and PyTorch's
 * tie rule, which matters after a ReLU: all-zero windows are common). The
 * backend's own kernel, a C loop over every input pixel and window, took
 * ~70 ms per CNN step here; this one reads the input once, channels innermost,
 * with a branch-light path for windows that tile the input (the lab's 2×2 / 2).
 */
import { backend_util, MaxPoolGrad, type KernelConfig, type KernelFunc, type MaxPoolGradAttrs, type TensorInfo } from '@tensorflow/tfjs';
import { heapF32, type BackendWasm } from './wasmBackend';

function maxPoolGrad(args: { inputs: { dy: TensorInfo; input: TensorInfo; output: TensorInfo }; backend: BackendWasm; attrs: MaxPoolGradAttrs }): TensorInfo {
  const { inputs: { dy, input }, backend, attrs } = args;
  const c = backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const dx = backend.makeOutput(input.shape, 'float32');
  const x = heapF32(backend, input);
  const g = heapF32(backend, dy);
  const out = heapF32(backend, dx);
  out.fill(0);
  const tiles = c.strideHeight === c.filterHeight && c.strideWidth === c.filterWidth && c.padInfo.top === 0 && c.padInfo.left === 0
    && c.outHeight * c.filterHeight <= c.inHeight && c.outWidth * c.filterWidth <= c.inWidth;
  if (tiles) {
    tiledWindows(x, g, out, c);
  } else {
    anyWindows(x, g, out, c);
  }
  return dx;
}

export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as KernelFunc,
};

/** Windows that tile the input (stride = size, no padding): each input element is in at most one window. */
function tiledWindows(x: Float32Array, g: Float32Array, out: Float32Array, c: backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: FH, filterWidth: FW } = c;
  const rowStride = W * C;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const corner = ((b * H + oy * FH) * W + ox * FW) * C;
        const gBase = ((b * OH + oy) * OW + ox) * C;
        for (let ch = 0; ch < C; ch++) {
          let best = -Infinity;
          let at = -1;
          for (let wy = 0; wy < FH; wy++) {
            let i = corner + wy * rowStride + ch;
            for (let wx = 0; wx < FW; wx++, i += C) {
              if (x[i] > best) {
                best = x[i];
                at = i;
              }
            }
          }
          if (at >= 0) out[at] = g[gBase + ch];
        }
      }
    }
  }
}

/** Any window size, stride and padding. */
function anyWindows(x: Float32Array, g: Float32Array, out: Float32Array, c: backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = c;
  const best = new Float32Array(C);
  const where = new Int32Array(C);
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < OH; oy++) {
      const y0 = oy * c.strideHeight - c.padInfo.top;
      const yEnd = Math.min(H, y0 + c.effectiveFilterHeight);
      for (let ox = 0; ox < OW; ox++) {
        const x0 = ox * c.strideWidth - c.padInfo.left;
        const xEnd = Math.min(W, x0 + c.effectiveFilterWidth);
        best.fill(-Infinity);
        where.fill(-1);
        for (let iy = Math.max(0, y0); iy < yEnd; iy++) {
          for (let ix = Math.max(0, x0); ix < xEnd; ix++) {
            const base = ((b * H + iy) * W + ix) * C;
            for (let ch = 0; ch < C; ch++) {
              const v = x[base + ch];
              if (v > best[ch]) {
                best[ch] = v;
                where[ch] = base + ch;
              }
            }
          }
        }
        const gBase = ((b * OH + oy) * OW + ox) * C;
        for (let ch = 0; ch < C; ch++) if (where[ch] >= 0) out[where[ch]] += g[gBase + ch];
      }
    }
  }
}
