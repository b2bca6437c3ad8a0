/**
 * Tiny, fast, seeded datasets for engine tests: Gaussian clusters in d
 * dimensions (tabular) or 8×8 "images" with a class-specific bright block.
 */
import type { Dataset } from '../data/dataset';
import { createRng } from '../random';

export function tinyClusters(opts: { n?: number; classes?: number; dim?: number; seed?: number } = {}): Dataset {
  const { n = 240, classes = 3, dim = 6, seed = 11 } = opts;
  const rng = createRng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: dim }, () => rng.normal() * 3));
  const make = (m: number) => {
    const x = new Float32Array(m * dim);
    const y = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      y[i] = i % classes;
      for (let j = 0; j < dim; j++) x[i * dim + j] = centres[y[i]][j] + rng.normal() * 0.7;
    }
    return { x, y, n: m };
  };
  return {
    name: 'tiny-clusters', inputShape: [dim], numClasses: classes,
    classNames: Array.from({ length: classes }, (_, c) => `c${c}`),
    train: make(n), test: make(Math.round(n / 4)), xScale: 1,
  };
}

export function tinyImages(opts: { n?: number; classes?: number; seed?: number } = {}): Dataset {
  const { n = 120, classes = 3, seed = 5 } = opts;
  const rng = createRng(seed);
  const make = (m: number) => {
    const x = new Uint8Array(m * 64);
    const y = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      y[i] = i % classes;
      for (let p = 0; p < 64; p++) x[i * 64 + p] = Math.floor(rng.next() * 40);
      const row = y[i] * 2;
      for (let c = 0; c < 4; c++) x[i * 64 + row * 8 + c] = 220;
    }
    return { x, y, n: m };
  };
  return {
    name: 'tiny-images', inputShape: [8, 8, 1], numClasses: classes,
    classNames: Array.from({ length: classes }, (_, c) => `c${c}`),
    train: make(n), test: make(Math.round(n / 4)), xScale: 1 / 255,
  };
}
