/**
 * Conv2DBackpropInput for the wasm backend, through XNNPACK. The backend's
 * own kernel is a scalar C loop (measured ~7× slower than its forward conv
 * here). For stride 1 the input gradient is a forward convolution of dy with
 * the filter turned 180° and its channel axes swapped,
 *   dx = conv2d(dy, W'[fh, fw, co, ci] = W[FH−1−fh, FW−1−fw, ci, co], pad FH−1−pt, …),
 * which the backend runs in XNNPACK. Other strides keep the original kernel.
 */
import { backend_util, Conv2DBackpropInput, type Conv2DBackpropInputAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { callOriginal, heapF32, release, type BackendWasm } from './wasmBackend';

function conv2dBackpropInput(args: { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: BackendWasm; attrs: Conv2DBackpropInputAttrs }): TensorInfo {
  const { inputs: { dy, filter }, backend, attrs } = args;
  const info = backend_util.computeConv2DInfo(
    attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
  if (info.dataFormat !== 'channelsLast' || info.strideHeight !== 1 || info.strideWidth !== 1 || dy.dtype !== 'float32' || filter.dtype !== 'float32') {
    return callOriginal(Conv2DBackpropInput, backend, { dy, filter }, attrs);
  }
  const { filterHeight: FH, filterWidth: FW, inChannels: CI, outChannels: CO } = info;
  const { top, bottom, left, right } = info.padInfo;
  if (Math.max(top, bottom) > FH - 1 || Math.max(left, right) > FW - 1) return callOriginal(Conv2DBackpropInput, backend, { dy, filter }, attrs);
  const flipped = backend.makeOutput([FH, FW, CO, CI], 'float32');
  const w = heapF32(backend, filter);
  const f = heapF32(backend, flipped);
  for (let fh = 0; fh < FH; fh++) {
    for (let fw = 0; fw < FW; fw++) {
      const src = ((FH - 1 - fh) * FW + (FW - 1 - fw)) * CI * CO;
      const dst = (fh * FW + fw) * CO * CI;
      for (let ci = 0; ci < CI; ci++) for (let co = 0; co < CO; co++) f[dst + co * CI + ci] = w[src + ci * CO + co];
    }
  }
  const dx = callOriginal('Conv2D', backend, { x: dy, filter: flipped }, {
    strides: 1,
    pad: [[0, 0], [FH - 1 - top, FH - 1 - bottom], [FW - 1 - left, FW - 1 - right], [0, 0]],
    dataFormat: 'NHWC',
    dilations: 1,
  });
  release(backend, flipped);
  return dx;
}

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as KernelFunc,
};
