/**
 * One interface for every data source (synthetic, MNIST, Fashion-MNIST, CSV,
 * image folders, URLs). Samples are stored compactly: images as bytes
 * (0–255, scaled by `xScale` when batched), tabular / 2-D data as float32.
 */
export interface Split {
  /** Row-major, n × prod(inputShape). */
  x: Float32Array | Uint8Array;
  /** Labels in [0, numClasses). */
  y: Int32Array;
  n: number;
}

export interface Dataset {
  name: string;
  /** Shape of one sample: [d] for tabular / 2-D, [h, w, c] for images. */
  inputShape: number[];
  numClasses: number;
  classNames: string[];
  train: Split;
  test: Split;
  /** Multiply stored values by this to get model inputs (1/255 for bytes). */
  xScale: number;
  /** Per-feature standardisation applied when batching (tabular data); absent = none. */
  normalization?: { mean: Float32Array; std: Float32Array };
}

export function sampleSize(ds: Pick<Dataset, 'inputShape'>): number {
  return ds.inputShape.reduce((a, b) => a * b, 1);
}

/**
 * Model inputs for the samples at `indices`, as a row-major float32 array
 * (n × prod(inputShape)), with scaling and normalisation applied.
 */
export function gatherInputs(ds: Dataset, split: Split, indices: ArrayLike<number>): Float32Array {
  const d = sampleSize(ds);
  const out = new Float32Array(indices.length * d);
  const { x } = split;
  const s = ds.xScale;
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i] * d;
    const dst = i * d;
    for (let j = 0; j < d; j++) out[dst + j] = x[src + j] * s;
  }
  if (ds.normalization) {
    const { mean, std } = ds.normalization;
    for (let i = 0; i < indices.length; i++) {
      for (let j = 0; j < d; j++) out[i * d + j] = (out[i * d + j] - mean[j]) / std[j];
    }
  }
  return out;
}

export function gatherLabels(split: Split, indices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = split.y[indices[i]];
  return out;
}

export function range(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}
