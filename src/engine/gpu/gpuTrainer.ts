/// <reference types="@webgpu/types" />
/**
 * The fused WebGPU training path for the lab's MLPs and CNNs. tfjs-webgpu
 * spends ~140 µs per operation and a training step is hundreds of operations
 * (docs/quality.md); here a whole step — gather the batch, every conv block
 * (conv + bias + ReLU + max-pool) and dense layer forward, softmax
 * cross-entropy with its gradient and the [loss, correct] reduction, every
 * layer backward, one optimizer update over all weights — is one command
 * buffer, submitted once: 3L + 3B + 2 dispatches for L dense layers and B
 * conv blocks.
 *
 * Steps run in blocks of up to `blockSize` submitted back to back: each step
 * leaves its [loss, correct] in its own slot of the readback buffer and the
 * weights from before it in its own slot of a ring, and readResults() maps the
 * whole block once. With a submit → mapAsync round trip per step, an H100
 * took 2.9 ms per MLP step for well under 1 ms of GPU work. The ring makes any
 * step of the block undoable exactly (a non-finite loss found up to a block
 * late, a cancel mid-block).
 *
 * It runs on the tfjs webgpu backend's own GPUDevice, so there is one device.
 * Weights are read from the model's variables once at the start and written
 * back by writeBack(); between the two they live only in `params`.
 */
import * as tf from '@tensorflow/tfjs';
import { sampleSize, type Dataset, type Split } from '../data/dataset';
import type { Model } from '../models/model';
import { weightName } from '../models/model';
import { ADAM_BETAS, DEFAULT_MOMENTUM, type OptimizerKind } from '../optimize';
import { cachedPipeline, residentSamples, splitBytes } from './deviceCache';
import { convBlockForwardShader, convFilterGradShader, convInputGradShader, pooledSize, type ConvBlockLayout } from './convKernels';
import { denseBackpropInputShader, denseBackpropWeightsShader, denseForwardShader, type DenseLayout } from './denseKernels';
import { productGrid, splitSumGrid } from './productKernel';
import { gatherShader } from './gatherKernel';
import { softmaxCrossEntropyShader } from './lossKernel';
import { AdamCorrections, optimizerBindings, optimizerShader, type FusedOptimizer } from './optimizerKernel';
import { LINEAR_WORKGROUP, STEP_BYTES } from './wgsl';

export interface FusedTrainOptions {
  batchSize: number;
  optimizer: OptimizerKind;
  lr: number;
  momentum?: number;
  weightDecay?: number;
}

interface Dispatch {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  grid: [number, number];
}

/** At most this many workgroups for the grid-stride kernels (WebGPU's per-dimension limit is 65,535). */
const MAX_LINEAR_GROUPS = 4096;

/**
 * Steps per readback block. 16 leaves 1/16 of the round trip per step; a
 * block of the bench's MLP or CNN takes less than 16 of the steps measured on
 * an H100 with a readback each (2.9 ms, 5 ms), so its events come within
 * ~50–80 ms, no later than the UI's ~100 ms batching of them shows them; the
 * next doubling would save only another 1/32 of a round trip.
 */
const BLOCK_STEPS = 16;
/**
 * The ring of pre-step weights holds at most this much (16 copies of the
 * bench's 235k-weight MLP take 15 MB). Larger models get shorter blocks, down
 * to one step: their steps are long, so the round trip matters less to them.
 */
const RING_BYTES = 64 * 1024 * 1024;

function webgpuDevice(): GPUDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  return (tf.backend() as unknown as { device?: GPUDevice }).device ?? null;
}

/** The model's layers with their offsets in the flat weight buffer (the order of model.weights). */
interface Architecture {
  blocks: ConvBlockLayout[];
  dense: DenseLayout[];
}

/** The model as fused kernels see it, or why it does not fit them. */
function architecture(model: Model): Architecture | string {
  let offset = 0;
  let w = 0;
  /** The next kernel / bias pair, checked by name and size; advances the offsets. */
  const take = (name: string, kernelShape: number[]): { kernelOffset: number; biasOffset: number } | string => {
    const kernel = model.weights[w];
    const bias = model.weights[w + 1];
    if (!kernel || !bias || weightName(kernel) !== `${name}/kernel` || weightName(bias) !== `${name}/bias`) {
      return `unexpected weight order (wanted ${name}/kernel, ${name}/bias at ${w})`;
    }
    const outDim = kernelShape[kernelShape.length - 1];
    if (kernel.shape.join() !== kernelShape.join() || bias.size !== outDim) return `${name} has shape [${kernel.shape}], expected [${kernelShape}]`;
    const at = { kernelOffset: offset, biasOffset: offset + kernel.size };
    offset += kernel.size + bias.size;
    w += 2;
    return at;
  };
  const blocks: ConvBlockLayout[] = [];
  let width = sampleSize(model);
  if (model.config.kind === 'cnn') {
    if (model.inputShape.length !== 3) return `a CNN input of shape [${model.inputShape}]`;
    let [height, imageWidth, cIn] = model.inputShape;
    for (const [i, cOut] of (model.config.channels ?? [16, 32]).entries()) {
      const at = take(`conv${i}`, [3, 3, cIn, cOut]);
      if (typeof at === 'string') return at;
      const block = { height, width: imageWidth, cIn, cOut, ...at };
      blocks.push(block);
      [height, imageWidth] = pooledSize(block);
      cIn = cOut;
    }
    width = height * imageWidth * cIn;
  } else if (model.config.kind !== 'mlp') {
    return `no fused kernels for ${String(model.config.kind)} models`;
  }
  const names = [...model.config.hidden.map((_, i) => `dense${i}`), 'features', 'head'];
  const outDims = [...model.config.hidden, model.config.featureDim, model.numClasses];
  const dense: DenseLayout[] = [];
  for (const [l, name] of names.entries()) {
    const at = take(name, [width, outDims[l]]);
    if (typeof at === 'string') return at;
    dense.push({ inDim: width, outDim: outDims[l], relu: l < names.length - 1, ...at });
    width = outDims[l];
  }
  if (w !== model.weights.length) return `the model has ${model.weights.length} weights, the fused path knows ${w}`;
  return { blocks, dense };
}

/** tfjs' optimizer for these options (optimize.ts' makeOptimizer), as the fused kernel's parameters. */
function fusedOptimizer(opts: FusedTrainOptions): FusedOptimizer {
  if (opts.optimizer === 'adam') return { kind: 'adam', lr: opts.lr, ...ADAM_BETAS, epsilon: tf.backend().epsilon() };
  const momentum = opts.momentum ?? DEFAULT_MOMENTUM;
  return momentum > 0 ? { kind: 'momentum', lr: opts.lr, momentum } : { kind: 'sgd', lr: opts.lr };
}

/**
 * Why the fused path cannot train `model` on these samples here, or null when
 * it can. train() falls back to the tfjs path for any non-null answer.
 */
export function fusedDecline(model: Model, ds: Dataset, split: Split): string | null {
  const device = webgpuDevice();
  if (!device) return `the active tfjs backend is ${tf.getBackend()}, not webgpu`;
  const arch = architecture(model);
  if (typeof arch === 'string') return arch;
  const bytes = splitBytes(ds, split);
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (bytes > limit) return `the training samples take ${bytes} bytes, over this device's ${limit}-byte buffer limit`;
  return null;
}

/**
 * Dispatches in one fused step of `model` (3L + 3B + 2, as build() records
 * them), or null where the fused kernels do not fit the model.
 */
export function fusedDispatchesPerStep(model: Model): number | null {
  const arch = architecture(model);
  return typeof arch === 'string' ? null : 3 * arch.dense.length + 3 * arch.blocks.length + 2;
}

export class GpuTrainer {
  private readonly buffers: GPUBuffer[] = [];
  private readonly dispatchList: Dispatch[] = [];
  private readonly adam: AdamCorrections | null;
  private readonly stepData = new ArrayBuffer(STEP_BYTES);
  /** Steps submitted to a block before its results must be read. */
  readonly blockSize: number;
  /** ring[i]: the weights from before the block's step i. */
  private readonly ring: GPUBuffer[] = [];
  /** Steps submitted so far, and how many of them came before the current block. */
  private submitted = 0;
  private blockStart = 0;
  /** Whether readResults() has read the current block: the next step starts a new one. */
  private blockRead = false;
  private samples!: GPUBuffer;
  private params!: GPUBuffer;
  private stats!: GPUBuffer;
  private readback!: GPUBuffer;
  private rows!: GPUBuffer;
  private labels!: GPUBuffer;
  private step!: GPUBuffer;

  private constructor(
    private readonly device: GPUDevice,
    private readonly model: Model,
    private readonly arch: Architecture,
    private readonly paramCount: number,
    private readonly batchSize: number,
    optimizer: FusedOptimizer,
    private readonly splitSize: number,
  ) {
    this.adam = optimizer.kind === 'adam' ? new AdamCorrections(optimizer.beta1, optimizer.beta2) : null;
    this.blockSize = Math.max(1, Math.min(BLOCK_STEPS, Math.floor(RING_BYTES / (paramCount * 4))));
  }

  /**
   * Makes `split`'s samples resident on the device (deviceCache.ts), uploads
   * the model's weights and builds every bind group of a step. Call fusedDecline() first.
   */
  static async create(model: Model, ds: Dataset, split: Split, opts: FusedTrainOptions): Promise<GpuTrainer> {
    const device = webgpuDevice();
    const arch = architecture(model);
    if (!device || typeof arch === 'string') throw new Error(`the fused GPU path cannot train this model: ${fusedDecline(model, ds, split)}`);
    const last = arch.dense[arch.dense.length - 1];
    const paramCount = last.biasOffset + last.outDim;
    const optimizer = fusedOptimizer(opts);
    const t = new GpuTrainer(device, model, arch, paramCount, opts.batchSize, optimizer, split.n);
    // The scope is on tfjs' device too: pop it whatever happens, and free the buffers of a failed setup.
    device.pushErrorScope('validation');
    let thrown: unknown = null;
    try {
      t.samples = residentSamples(device, ds, split);
      await t.uploadWeights();
      t.build(sampleSize(ds), model.numClasses, optimizer, opts.weightDecay ?? 0);
    } catch (e) {
      thrown = e;
    }
    const error = await device.popErrorScope();
    if (thrown || error) {
      t.destroy();
      throw thrown ?? new Error(`fused GPU path setup failed: ${error!.message}`);
    }
    return t;
  }

  private buffer(bytes: number, usage: number): GPUBuffer {
    // Sizes are rounded up to 4 bytes, as writeBuffer and copies require; never 0.
    const b = this.device.createBuffer({ size: Math.max(4, Math.ceil(bytes / 4) * 4), usage });
    this.buffers.push(b);
    return b;
  }

  private async uploadWeights(): Promise<void> {
    this.params = this.buffer(this.paramCount * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    const values = await Promise.all(this.model.weights.map((w) => w.data() as Promise<Float32Array<ArrayBuffer>>));
    let offset = 0;
    for (const v of values) {
      this.device.queue.writeBuffer(this.params, offset * 4, v);
      offset += v.length;
    }
  }

  private dispatch(code: string, buffers: GPUBuffer[], grid: [number, number]): void {
    const pipeline = cachedPipeline(this.device, code);
    const bindGroup = this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    this.dispatchList.push({ pipeline, bindGroup, grid });
  }

  /** Buffers and the step's dispatches, in order. Shapes are fixed: a short batch only changes Step.n. */
  private build(d: number, numClasses: number, optimizer: FusedOptimizer, weightDecay: number): void {
    const S = GPUBufferUsage.STORAGE;
    const B = this.batchSize;
    const P = this.paramCount * 4;
    this.rows = this.buffer(B * 4, S | GPUBufferUsage.COPY_DST);
    this.labels = this.buffer(B * 4, S | GPUBufferUsage.COPY_DST);
    this.step = this.buffer(STEP_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    for (let i = 0; i < this.blockSize; i++) this.ring.push(this.buffer(P, GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST));
    this.stats = this.buffer(8, S | GPUBufferUsage.COPY_SRC);
    // [loss, correct] of each step of a block, at 8 × its index in the block.
    this.readback = this.buffer(8 * this.blockSize, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    const grads = this.buffer(P, S);
    const { blocks, dense } = this.arch;
    // Stages: the conv blocks, then the dense layers. acts[0] is the batch, acts[s + 1] the output of
    // stage s; dz[s] the loss gradient w.r.t. stage s's pre-ReLU output (for a block: at its pooled
    // output, routed to the conv positions by `winners`).
    const widths = [...blocks.map((c) => pooledSize(c)[0] * pooledSize(c)[1] * c.cOut), ...dense.map((l) => l.outDim)];
    const acts = [this.buffer(B * d * 4, S), ...widths.map((w) => this.buffer(B * w * 4, S))];
    const dz = widths.map((w) => this.buffer(B * w * 4, S));
    const winners = blocks.map((_, j) => this.buffer(B * widths[j] * 4, S));
    const linearGroups = (count: number) => Math.min(MAX_LINEAR_GROUPS, Math.ceil(count / LINEAR_WORKGROUP));

    this.dispatch(gatherShader(d), [this.samples, this.rows, acts[0], this.step], [linearGroups(B * d), 1]);
    blocks.forEach((c, j) => {
      this.dispatch(convBlockForwardShader(c), [this.params, acts[j], acts[j + 1], winners[j], this.step], [linearGroups(B * widths[j]), 1]);
    });
    const nb = blocks.length;
    dense.forEach((l, i) => {
      this.dispatch(denseForwardShader(l), [this.params, acts[nb + i], acts[nb + i + 1], this.step], productGrid(B, l.outDim));
    });
    const last = widths.length - 1;
    this.dispatch(softmaxCrossEntropyShader(numClasses), [acts[last + 1], this.labels, dz[last], this.stats, this.step], [1, 1]);
    for (let i = dense.length - 1; i >= 0; i--) {
      const l = dense[i];
      const s = nb + i;
      this.dispatch(denseBackpropWeightsShader(l), [grads, acts[s], dz[s], this.step], productGrid(l.inDim + 1, l.outDim));
      if (s > 0) this.dispatch(denseBackpropInputShader(l), [this.params, dz[s], acts[s], dz[s - 1], this.step], productGrid(B, l.inDim));
    }
    for (let j = nb - 1; j >= 0; j--) {
      const c = blocks[j];
      this.dispatch(convFilterGradShader(c), [grads, acts[j], dz[j], winners[j], this.step], splitSumGrid(9 * c.cIn + 1, c.cOut));
      if (j > 0) this.dispatch(convInputGradShader(c), [this.params, dz[j], winners[j], acts[j], dz[j - 1], this.step], productGrid(B * c.height * c.width, c.cIn));
    }
    const state = { params: this.params, grads, s1: this.buffer(P, S), s2: optimizer.kind === 'adam' ? this.buffer(P, S) : null, step: this.step };
    const bound = optimizerBindings(optimizer.kind).map((b) => state[b]!);
    this.dispatch(optimizerShader(optimizer, this.paramCount, weightDecay), bound, [linearGroups(this.paramCount), 1]);
  }

  /**
   * Submits one training step on the samples `batch` (split indices) with
   * `labels`, without waiting for it: a copy of the weights into the step's
   * ring slot, every dispatch, the copy of [loss, correct] into its readback
   * slot, one submit. Starts a new block after readResults(); a full block
   * must be read first.
   */
  submitStep(batch: Int32Array, labels: Int32Array): void {
    const n = batch.length;
    if (n < 1 || n > this.batchSize) throw new RangeError(`a batch of ${n} samples (1…${this.batchSize} expected)`);
    // The whole split is resident in split order, so a sample's row is its index.
    for (const i of batch) if (!(i >= 0 && i < this.splitSize)) throw new RangeError(`sample ${i} is not in the split (0…${this.splitSize - 1})`);
    const rows = Uint32Array.from(batch);
    if (this.blockRead) {
      this.blockStart = this.submitted;
      this.blockRead = false;
    }
    const slot = this.submitted - this.blockStart;
    if (slot === this.blockSize) throw new Error(`a block of ${this.blockSize} steps was not read before the next step`);
    const [c1, c2] = this.adam ? this.adam.next() : [1, 1];
    new Uint32Array(this.stepData, 0, 1)[0] = n;
    new Float32Array(this.stepData, 4, 3).set([1 / n, c1, c2]);
    // Queue writes and submits run in call order, so a block's later writes never reach an earlier step.
    const q = this.device.queue;
    q.writeBuffer(this.rows, 0, rows);
    q.writeBuffer(this.labels, 0, Uint32Array.from(labels));
    q.writeBuffer(this.step, 0, this.stepData);

    const enc = this.device.createCommandEncoder();
    enc.copyBufferToBuffer(this.params, 0, this.ring[slot], 0, this.paramCount * 4);
    const pass = enc.beginComputePass();
    for (const d of this.dispatchList) {
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, d.bindGroup);
      pass.dispatchWorkgroups(d.grid[0], d.grid[1]);
    }
    pass.end();
    enc.copyBufferToBuffer(this.stats, 0, this.readback, slot * 8, 8);
    q.submit([enc.finish()]);
    this.submitted++;
  }

  /**
   * The loss (of the forward pass before the update) and the number of correct
   * predictions of each step of the current block, in order: one mapAsync for
   * the block. Empty when the block was read already.
   */
  async readResults(): Promise<{ loss: number; correct: number }[]> {
    const count = this.blockRead ? 0 : this.submitted - this.blockStart;
    this.blockRead = true;
    if (count === 0) return [];
    await this.readback.mapAsync(GPUMapMode.READ, 0, count * 8);
    const values = new Float32Array(this.readback.getMappedRange(0, count * 8).slice(0));
    this.readback.unmap();
    return Array.from({ length: count }, (_, i) => ({ loss: values[2 * i], correct: values[2 * i + 1] }));
  }

  /**
   * Puts back the weights from before step `step` (numbered from 1 over this
   * trainer's steps), one of the current block's: its loss was not finite, or
   * training stopped before it was reported. Later steps' optimizer state is
   * not undone; training ends after this.
   */
  restoreBefore(step: number): void {
    const slot = step - 1 - this.blockStart;
    if (slot < 0 || step > this.submitted) throw new RangeError(`step ${step} is not in the current block (steps ${this.blockStart + 1}…${this.submitted})`);
    const enc = this.device.createCommandEncoder();
    enc.copyBufferToBuffer(this.ring[slot], 0, this.params, 0, this.paramCount * 4);
    this.device.queue.submit([enc.finish()]);
  }

  /** Copies the device's weights into the model's variables. */
  async writeBack(): Promise<void> {
    const staging = this.device.createBuffer({ size: this.paramCount * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const enc = this.device.createCommandEncoder();
      enc.copyBufferToBuffer(this.params, 0, staging, 0, this.paramCount * 4);
      this.device.queue.submit([enc.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      const all = new Float32Array(staging.getMappedRange().slice(0));
      staging.unmap();
      let offset = 0;
      for (const w of this.model.weights) {
        const value = tf.tensor(all.subarray(offset, offset + w.size), w.shape);
        w.assign(value);
        value.dispose();
        offset += w.size;
      }
    } finally {
      staging.destroy();
    }
  }

  destroy(): void {
    for (const b of this.buffers) b.destroy();
    this.buffers.length = 0;
  }
}
