import { describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../linalg/matrix';
import { createRng, type Rng } from '../random';
import { linearProbe, predictSoftmaxHead, trainSoftmaxHead } from './probe';

/** n points per class around K random centres in R^C (separable when spread ≪ distance). */
function clusters(rng: Rng, centres: number[][], perClass: number, spread: number): { X: Matrix; y: Int32Array } {
  const K = centres.length;
  const C = centres[0].length;
  const X = new Float32Array(K * perClass * C);
  const y = new Int32Array(K * perClass);
  for (let c = 0; c < K; c++) {
    for (let i = 0; i < perClass; i++) {
      const r = c * perClass + i;
      y[r] = c;
      for (let j = 0; j < C; j++) X[r * C + j] = centres[c][j] + spread * rng.normal();
    }
  }
  return { X: matrix(K * perClass, C, X), y };
}

describe('linearProbe', () => {
  const rng = createRng(1);
  const centres = Array.from({ length: 4 }, () => Array.from({ length: 8 }, () => 3 * rng.normal()));

  it('reaches LP ≥ 0.99 on linearly separable clusters, forget and test alike', () => {
    const retain = clusters(rng.fork('r'), centres, 100, 0.3);
    const forget = clusters(rng.fork('f'), centres, 20, 0.3);
    const test = clusters(rng.fork('t'), centres, 20, 0.3);
    const r = linearProbe(retain, forget, test, { numClasses: 4, seed: 1 });
    expect(r.LP).toBeGreaterThanOrEqual(0.99);
    expect(r.info.testAcc).toBeGreaterThanOrEqual(0.99);
    expect(r.info).toMatchObject({ epochs: 50, lr: 0.01, seed: 1, trainSize: 400 });
  });

  it('is about chance (≤ 0.45 for 4 classes) when features carry no label information', () => {
    const noise = (n: number, seed: number) => {
      const g = createRng(seed);
      return { X: matrix(n, 8, Float32Array.from({ length: n * 8 }, () => g.normal())), y: Int32Array.from({ length: n }, () => g.int(4)) };
    };
    const r = linearProbe(noise(400, 2), noise(400, 3), noise(100, 4), { numClasses: 4, seed: 1 });
    expect(r.LP).toBeLessThan(0.45);
  });

  it('is deterministic for a seed', () => {
    const train = clusters(createRng(5), centres, 30, 1.5);
    const a = trainSoftmaxHead(train, { numClasses: 4, seed: 3, epochs: 3 });
    const b = trainSoftmaxHead(train, { numClasses: 4, seed: 3, epochs: 3 });
    expect(Array.from(a.W)).toEqual(Array.from(b.W));
    expect(Array.from(predictSoftmaxHead(a, train.X))).toEqual(Array.from(predictSoftmaxHead(b, train.X)));
  });

  it('ignores a constant (dead) feature instead of dividing by a zero std', () => {
    const X = matrix(4, 2, new Float32Array([0, -1, 0, -2, 0, 1, 0, 2]));
    const head = trainSoftmaxHead({ X, y: [0, 0, 1, 1] }, { numClasses: 2, seed: 1, epochs: 50 });
    expect(Array.from(head.W).every(Number.isFinite)).toBe(true);
    expect(Array.from(predictSoftmaxHead(head, X))).toEqual([0, 0, 1, 1]);
  });
});
