/**
 * Models with an explicit features → head split. The weights are plain named
 * tf.Variables, so methods can take gradients of any loss, mask them (SalUn),
 * dampen them (SSD) or grow the head (Boundary Expand) without layer plumbing.
 *
 * logits(x) = head(features(x)); features are the penultimate activations
 * (the input of the final linear layer), the space every metric studies.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../config';
import type { Rng } from '../random';

export interface Model {
  config: ModelConfig;
  inputShape: number[];
  numClasses: number;
  /** Ordered trainable weights; names are stable across clones. */
  weights: tf.Variable[];
  /** x: [n, ...inputShape] or [n, d] → [n, featureDim]. */
  features(x: tf.Tensor): tf.Tensor2D;
  /** f: [n, featureDim] → logits [n, numClasses]. */
  head(f: tf.Tensor2D): tf.Tensor2D;
  /** x → logits [n, numClasses]. */
  logits(x: tf.Tensor): tf.Tensor2D;
}

/** Weights as plain data: saved to IndexedDB, sent between threads, restored. */
export interface WeightSnapshot {
  config: ModelConfig;
  inputShape: number[];
  numClasses: number;
  tensors: { name: string; shape: number[]; data: Float32Array }[];
}

export const HEAD_WEIGHT = 'head/kernel';
export const HEAD_BIAS = 'head/bias';

/** He-normal init from the run's RNG, so weights do not depend on tfjs' own random state. */
function heNormal(rng: Rng, shape: number[], fanIn: number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  const std = Math.sqrt(2 / fanIn);
  for (let i = 0; i < n; i++) out[i] = rng.normal() * std;
  return out;
}

/** A variable holding `value`; the temporary tensor is released (tf.variable keeps its own reference). */
function variableFrom(name: string, value: tf.Tensor): tf.Variable {
  // Names must be unique per tfjs engine; the stable part is before '#'.
  const v = tf.variable(value, true, `${name}#${nextId++}`);
  value.dispose();
  return v;
}
let nextId = 0;

export function weightName(v: tf.Variable): string {
  return v.name.split('#')[0];
}

interface LayerShape { name: string; shape: number[]; fanIn: number; bias: boolean }

/** The list of weight tensors a config needs, in order. */
function layerShapes(config: ModelConfig, inputShape: number[], numClasses: number): LayerShape[] {
  const layers: LayerShape[] = [];
  let width: number;
  if (config.kind === 'mlp') {
    width = inputShape.reduce((a, b) => a * b, 1);
  } else {
    if (inputShape.length !== 3) throw new RangeError(`a CNN needs image input [h, w, c], got [${inputShape.join(', ')}]`);
    let [h, w, c] = inputShape;
    (config.channels ?? [16, 32]).forEach((ch, i) => {
      layers.push({ name: `conv${i}`, shape: [3, 3, c, ch], fanIn: 9 * c, bias: true });
      c = ch;
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    });
    width = h * w * c;
  }
  config.hidden.forEach((hdim, i) => {
    layers.push({ name: `dense${i}`, shape: [width, hdim], fanIn: width, bias: true });
    width = hdim;
  });
  layers.push({ name: 'features', shape: [width, config.featureDim], fanIn: width, bias: true });
  layers.push({ name: 'head', shape: [config.featureDim, numClasses], fanIn: config.featureDim, bias: true });
  return layers;
}

export function createModel(config: ModelConfig, inputShape: number[], numClasses: number, rng: Rng): Model {
  const tensors: WeightSnapshot['tensors'] = [];
  for (const l of layerShapes(config, inputShape, numClasses)) {
    tensors.push({ name: `${l.name}/kernel`, shape: l.shape, data: heNormal(rng, l.shape, l.fanIn) });
    if (l.bias) tensors.push({ name: `${l.name}/bias`, shape: [l.shape[l.shape.length - 1]], data: new Float32Array(l.shape[l.shape.length - 1]) });
  }
  return restoreModel({ config, inputShape, numClasses, tensors });
}

/**
 * Why a snapshot cannot be this model (another architecture, input shape,
 * class count, or a weight missing or of another shape), or null when it fits.
 */
export function snapshotMismatch(s: WeightSnapshot, config: ModelConfig, inputShape: number[], numClasses: number): string | null {
  if (JSON.stringify(s.config) !== JSON.stringify(config)) return `it is a ${s.config.kind} of another shape (${JSON.stringify(s.config)}), the experiment asks for ${JSON.stringify(config)}`;
  if (s.inputShape.join('×') !== inputShape.join('×')) return `its input is [${s.inputShape.join(', ')}], the data's is [${inputShape.join(', ')}]`;
  if (s.numClasses !== numClasses) return `it has ${s.numClasses} classes, the data has ${numClasses}`;
  const byName = new Map(s.tensors.map((t) => [t.name, t]));
  for (const l of layerShapes(config, inputShape, numClasses)) {
    const want = [[`${l.name}/kernel`, l.shape], ...(l.bias ? [[`${l.name}/bias`, [l.shape[l.shape.length - 1]]]] : [])] as [string, number[]][];
    for (const [name, shape] of want) {
      const t = byName.get(name);
      if (!t) return `weight ${name} is missing`;
      if (t.shape.join('×') !== shape.join('×') || t.data.length !== shape.reduce((a, b) => a * b, 1)) return `weight ${name} is [${t.shape.join(', ')}], the model needs [${shape.join(', ')}]`;
    }
  }
  return null;
}

/** Builds a model from a snapshot (new variables; the snapshot is not retained). */
export function restoreModel(s: WeightSnapshot): Model {
  const weights = s.tensors.map((t) => variableFrom(t.name, tf.tensor(t.data, t.shape)));
  return bindModel(s.config, s.inputShape, s.numClasses, weights);
}

/** The forward functions over a given list of weights. */
export function bindModel(config: ModelConfig, inputShape: number[], numClasses: number, weights: tf.Variable[]): Model {
  const byName = new Map(weights.map((w) => [weightName(w), w]));
  const get = (n: string): tf.Variable => {
    const w = byName.get(n);
    if (!w) throw new Error(`model has no weight ${n}`);
    return w;
  };
  const channels = config.kind === 'cnn' ? (config.channels ?? [16, 32]) : [];
  const flatDim = inputShape.reduce((a, b) => a * b, 1);

  const features = (x: tf.Tensor): tf.Tensor2D => tf.tidy(() => {
    let h: tf.Tensor;
    if (config.kind === 'cnn') {
      let a = x.reshape([-1, ...inputShape]) as tf.Tensor4D;
      channels.forEach((_, i) => {
        a = tf.conv2d(a, get(`conv${i}/kernel`) as tf.Tensor4D, 1, 'same');
        a = tf.relu(tf.add(a, get(`conv${i}/bias`))) as tf.Tensor4D;
        a = tf.maxPool(a, 2, 2, 'valid');
      });
      h = a.reshape([a.shape[0], -1]);
    } else {
      h = x.reshape([-1, flatDim]);
    }
    for (let i = 0; i < config.hidden.length; i++) {
      h = tf.relu(tf.add(tf.matMul(h as tf.Tensor2D, get(`dense${i}/kernel`) as tf.Tensor2D), get(`dense${i}/bias`)));
    }
    return tf.relu(tf.add(tf.matMul(h as tf.Tensor2D, get('features/kernel') as tf.Tensor2D), get('features/bias'))) as tf.Tensor2D;
  });

  const head = (f: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => tf.add(tf.matMul(f, get(HEAD_WEIGHT) as tf.Tensor2D), get(HEAD_BIAS)) as tf.Tensor2D);

  return {
    config, inputShape, numClasses, weights,
    features,
    head,
    logits: (x) => tf.tidy(() => head(features(x))),
  };
}

export async function snapshotModel(m: Model): Promise<WeightSnapshot> {
  const tensors = await Promise.all(m.weights.map(async (w) => ({
    name: weightName(w), shape: w.shape.slice(), data: (await w.data()) as Float32Array,
  })));
  return { config: m.config, inputShape: m.inputShape, numClasses: m.numClasses, tensors };
}

/** Overwrites the model's weights in place with a snapshot's values. */
export function restoreInto(m: Model, s: WeightSnapshot): void {
  const byName = new Map(s.tensors.map((t) => [t.name, t]));
  for (const w of m.weights) {
    const t = byName.get(weightName(w));
    if (!t) throw new Error(`snapshot lacks weight ${weightName(w)}`);
    const value = tf.tensor(t.data, t.shape);
    w.assign(value);
    value.dispose();
  }
}

/** A deep copy with its own variables (on the device; no readback). */
export function cloneModel(m: Model): Model {
  const weights = m.weights.map((w) => variableFrom(weightName(w), w.clone()));
  return bindModel(m.config, m.inputShape, m.numClasses, weights);
}

/** Copies `from`'s weights into `to` (same architecture), on the device. */
export function copyWeights(from: Model, to: Model): void {
  from.weights.forEach((w, i) => to.weights[i].assign(w));
}

export function disposeModel(m: Model): void {
  for (const w of m.weights) w.dispose();
}

export function parameterCount(m: Model): number {
  return m.weights.reduce((a, w) => a + w.size, 0);
}
