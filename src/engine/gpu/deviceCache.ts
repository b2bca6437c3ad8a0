/**
 * What the fused path keeps on a device from one training run to the next:
 * compiled pipelines (by WGSL source) and the samples of the last split it
 * trained on. The Original, Retrain and every benchmark epoch train on the
 * same split; uploading and normalising it
 * (~50 ms for the 8,000 MNIST images) and compiling a dozen pipelines
 * (~30 ms) per run cost more than a whole epoch's steps on a fast GPU
 * (profiled on an H100: 0.4 ms per MLP step). PyTorch keeps its data on the
 * device and its kernels compiled, too.
 */
import { gatherInputs, range, sampleSize, type Dataset, type Split } from '../data/dataset';

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

/** A compute pipeline for `code` (entry point main, layout auto), compiled once per device. */
export function cachedPipeline(device: GPUDevice, code: string): GPUComputePipeline {
  let byCode = pipelines.get(device);
  if (!byCode) pipelines.set(device, (byCode = new Map()));
  let p = byCode.get(code);
  if (!p) {
    p = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
    byCode.set(code, p);
  }
  return p;
}

/** Bytes the samples of `split` take on the device (float32, normalised as the tfjs path feeds them). */
export function splitBytes(ds: Dataset, split: Split): number {
  return split.n * sampleSize(ds) * 4;
}

/** At most one split stays resident: a new one frees the last (a Fashion-MNIST train split is 188 MB). */
let resident: { device: GPUDevice; ds: Dataset; split: Split; buffer: GPUBuffer } | null = null;

/**
 * The samples of `split` as float32 rows in split order (sample i at row i),
 * uploaded on first use. The buffer belongs to the cache: callers never destroy it.
 */
export function residentSamples(device: GPUDevice, ds: Dataset, split: Split): GPUBuffer {
  if (resident && resident.device === device && resident.ds === ds && resident.split === split) return resident.buffer;
  resident?.buffer.destroy();
  resident = null;
  const d = sampleSize(ds);
  const buffer = device.createBuffer({ size: Math.max(4, splitBytes(ds, split)), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  // In chunks, so the host never holds a float copy of a large split at once.
  const chunk = 4096;
  const all = range(split.n);
  for (let i = 0; i < split.n; i += chunk) {
    const part = gatherInputs(ds, split, all.subarray(i, i + chunk)) as Float32Array<ArrayBuffer>;
    device.queue.writeBuffer(buffer, i * d * 4, part);
  }
  resident = { device, ds, split, buffer };
  return buffer;
}
