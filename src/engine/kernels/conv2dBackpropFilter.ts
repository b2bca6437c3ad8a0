/**
 * Conv2DBackpropFilter for the wasm backend — the gradient of conv2d with
 * respect to its filter, which tfjs-backend-wasm 4.22 lacks (so no CNN could
 * train on wasm; docs/quality.md):
 *   dW[fh, fw, ci, co] = Σ_b,oy,ox x[b, oy·s + fh − pt, ox·s + fw − pl, ci] · dy[b, oy, ox, co].
 * Read with ci as the batch, b as the input channel and dy as the filter,
 * that sum is itself a forward convolution (dilated by the stride), which the
 * backend runs in XNNPACK's SIMD GEMM:
 *   conv2d(xᵀ [ci, h, w, b], dyᵀ [oh, ow, b, co], dilation s) → [ci, fh, fw, co] → [fh, fw, ci, co].
 * With few input channels (the first layer: ci = 1) that convolution has only
 * fh·fw·ci output rows and XNNPACK runs it poorly (measured 5× slower than
 * the alternative here), so there the patches are laid out explicitly,
 * im2colᵀ [fh·fw·ci, b·oh·ow], and multiplied by dy [b·oh·ow, co] in
 * XNNPACK's GEMM. Input rows a stride never reads are cropped first. NCHW
 * (which the wasm backend's forward Conv2D rejects anyway) takes a plain JS loop.
 */
import { backend_util, Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { callOriginal, heapF32, release, transposeTemp, view, type BackendWasm } from './wasmBackend';

function conv2dBackpropFilter(args: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: BackendWasm; attrs: Conv2DBackpropFilterAttrs }): TensorInfo {
  const { inputs: { x, dy }, backend, attrs } = args;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error(`Conv2DBackpropFilter (wasm) needs float32, got x ${x.dtype}, dy ${dy.dtype}`);
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
  if (info.dataFormat !== 'channelsLast') {
    const dw = backend.makeOutput(info.filterShape, 'float32');
    backpropFilterChannelsFirst(heapF32(backend, x), heapF32(backend, dy), heapF32(backend, dw), info);
    return dw;
  }
  if (info.filterHeight * info.filterWidth * info.inChannels <= IM2COL_MAX_ROWS) return backpropFilterIm2col(backend, x, dy, info);
  // Padding after the input so the trick's output is exactly fh × fw; negative = input the conv never read.
  const padBottom = info.filterHeight - 1 + (info.outHeight - 1) * info.strideHeight - info.inHeight - info.padInfo.top + 1;
  const padRight = info.filterWidth - 1 + (info.outWidth - 1) * info.strideWidth - info.inWidth - info.padInfo.left + 1;
  // A stride can leave trailing rows / columns that no output reads: crop them.
  const cropped = padBottom < 0 || padRight < 0
    ? callOriginal('Slice', backend, { x }, { begin: [0, 0, 0, 0], size: [-1, info.inHeight + Math.min(0, padBottom), info.inWidth + Math.min(0, padRight), -1] })
    : null;
  const xT = transposeTemp(backend, cropped ?? x, [3, 1, 2, 0]); // [ci, h, w, b]
  if (cropped) release(backend, cropped);
  const dyT = transposeTemp(backend, dy, [1, 2, 0, 3]); // [oh, ow, b, co]
  const dwT = callOriginal('Conv2D', backend, { x: xT, filter: dyT }, {
    strides: 1,
    pad: [[0, 0], [info.padInfo.top, Math.max(0, padBottom)], [info.padInfo.left, Math.max(0, padRight)], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [info.strideHeight, info.strideWidth],
  }); // [ci, fh, fw, co]
  release(backend, xT, dyT);
  const dw = transposeTemp(backend, dwT, [1, 2, 0, 3]);
  release(backend, dwT);
  return dw;
}

/** Up to this many patch rows (fh·fw·ci), im2colᵀ·dy beats the transposed convolution. */
const IM2COL_MAX_ROWS = 32;

/** dW = im2colᵀ(x) [fh·fw·ci, P] · dy [P, co], P = b·oh·ow, in XNNPACK's GEMM. */
function backpropFilterIm2col(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, c: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = c;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = c;
  const pt = c.padInfo.top;
  const pl = c.padInfo.left;
  const P = B * OH * OW;
  const patches = backend.makeOutput([FH * FW * CI, P], 'float32');
  const a = heapF32(backend, patches);
  const xs = heapF32(backend, x);
  for (let fh = 0; fh < FH; fh++) {
    for (let fw = 0; fw < FW; fw++) {
      for (let ci = 0; ci < CI; ci++) {
        let p = ((fh * FW + fw) * CI + ci) * P;
        for (let b = 0; b < B; b++) {
          for (let oy = 0; oy < OH; oy++) {
            const iy = oy * sh + fh - pt;
            if (iy < 0 || iy >= H) {
              a.fill(0, p, p + OW);
              p += OW;
              continue;
            }
            const rowBase = (b * H + iy) * W;
            for (let ox = 0; ox < OW; ox++) {
              const ix = ox * sw + fw - pl;
              a[p++] = ix >= 0 && ix < W ? xs[(rowBase + ix) * CI + ci] : 0;
            }
          }
        }
      }
    }
  }
  const dw = callOriginal('BatchMatMul', backend, { a: patches, b: view(dy, [P, CO]) }, { transposeA: false, transposeB: false });
  release(backend, patches);
  dw.shape = c.filterShape.slice();
  return dw;
}

/** dW for NCHW tensors into `dw` [fh, fw, ci, co]. */
function backpropFilterChannelsFirst(x: Float32Array, dy: Float32Array, dw: Float32Array, c: backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = c;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = c;
  const pt = c.padInfo.top;
  const pl = c.padInfo.left;
  for (let fh = 0; fh < FH; fh++) {
    const y0 = Math.max(0, Math.ceil((pt - fh) / sh));
    const y1 = Math.min(OH, Math.floor((H + pt - fh - 1) / sh) + 1);
    for (let fw = 0; fw < FW; fw++) {
      const x0 = Math.max(0, Math.ceil((pl - fw) / sw));
      const x1 = Math.min(OW, Math.floor((W + pl - fw - 1) / sw) + 1);
      for (let ci = 0; ci < CI; ci++) {
        for (let co = 0; co < CO; co++) {
          let acc = 0;
          for (let b = 0; b < B; b++) {
            const xb = (b * CI + ci) * H * W;
            const yb = (b * CO + co) * OH * OW;
            for (let yo = y0; yo < y1; yo++) {
              const xr = xb + (yo * sh + fh - pt) * W + fw - pl;
              const yr = yb + yo * OW;
              for (let xo = x0; xo < x1; xo++) acc += x[xr + xo * sw] * dy[yr + xo];
            }
          }
          dw[((fh * FW + fw) * CI + ci) * CO + co] = acc;
        }
      }
    }
  }
}

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as KernelFunc,
};
